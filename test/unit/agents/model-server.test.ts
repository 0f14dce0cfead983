import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ModelServer, startModelServer } from '../../support/model-server.js';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer({
    scripts: {
      'alpha task': [{ bash: 'touch a' }, { text: 'alpha done' }],
      'broken task': [{ error: { status: 529, type: 'overloaded_error', message: 'busy' } }],
    },
  });
});
afterAll(async () => {
  await server.close();
});

const tools = [{ name: 'Bash', input_schema: { type: 'object' } }];
const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
const user = (text: string) => ({
  role: 'user',
  content: [{ type: 'text', text: `<system-reminder>x</system-reminder>\n${text}` }],
});

describe('scripted model server', () => {
  it('follows a conversation script by turn, as non-stream JSON', async () => {
    const first = (await (
      await post('/v1/messages', { model: 'm', tools, messages: [user('the alpha task')] })
    ).json()) as {
      content: { type: string; name?: string; input?: { command?: string } }[];
      stop_reason: string;
    };
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content[0]).toMatchObject({ type: 'tool_use', name: 'Bash', input: { command: 'touch a' } });
    const second = (await (
      await post('/v1/messages', {
        model: 'm',
        tools,
        messages: [
          user('the alpha task'),
          { role: 'assistant', content: first.content },
          { role: 'user', content: 'ok' },
        ],
      })
    ).json()) as { content: { text: string }[] };
    expect(second.content[0]?.text).toBe('alpha done');
    expect(server.conversation('alpha task')).toHaveLength(2);
  });

  it('streams SSE events in the Messages API order', async () => {
    const res = await post('/v1/messages?beta=true', {
      model: 'm',
      tools,
      stream: true,
      messages: [user('alpha task')],
    });
    const events = [...(await res.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('answers scripted errors, side requests and token counts harmlessly', async () => {
    const broken = await post('/v1/messages', { model: 'm', tools, messages: [user('broken task')] });
    expect(broken.status).toBe(529);
    expect(await broken.json()).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'busy' },
    });
    const title = (await (
      await post('/v1/messages', { model: 'haiku', messages: [user('alpha task')] })
    ).json()) as {
      content: { text: string }[];
    };
    expect(title.content[0]?.text).toBe('ok');
    expect(await (await post('/v1/messages/count_tokens', { messages: [] })).json()).toEqual({
      input_tokens: 100,
    });
    expect((await fetch(`${server.url}/v1/unknown`)).status).toBe(404);
    expect(server.requests.some((r) => r.path === '/v1/unknown')).toBe(true);
  });
});
