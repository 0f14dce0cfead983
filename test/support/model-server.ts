/**
 * A scripted Anthropic Messages API on 127.0.0.1 for driving the REAL `claude`
 * binary in tests. Each conversation follows its own script of replies.
 *
 * Keying: a conversation is the agent's main loop, recognised by its request
 * carrying tools; its script is the first whose key occurs in the text of the
 * first user message (so several concurrent claude instances with different
 * prompts each follow their own script). The reply for a request is chosen by
 * how many assistant turns the request already holds, so it is stateless and
 * retries get the same answer. Past the end of a script the reply is "done".
 * Requests without tools (titles, quota checks, summaries) get a short text.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedReply =
  | { text: string }
  | { bash: string; description?: string }
  | { tool: string; input: Record<string, unknown> }
  /** An HTTP error for this turn (e.g. 500 api_error, 401 authentication_error). */
  | { error: { status: number; type?: string; message?: string } };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | undefined;
  /** Script key the request was matched to (main-loop requests only). */
  scriptKey?: string;
}

export interface ModelServer {
  url: string;
  requests: RecordedRequest[];
  /** Main-loop requests for one script key. */
  conversation(key: string): RecordedRequest[];
  /** Environment that points claude at this server, offline and without retries. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface ModelServerOptions {
  /** Script key → replies in order; the key `*` matches any conversation. */
  scripts: Record<string, ScriptedReply[]>;
  model?: string;
  /** Tokens reported per reply. */
  usage?: { input_tokens: number; output_tokens: number };
}

type Message = { role: string; content: unknown };

export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      route(recorded, res, options);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    conversation: (key) => requests.filter((r) => r.scriptKey === key),
    env: {
      ANTHROPIC_BASE_URL: url,
      ANTHROPIC_API_KEY: 'test-key',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      CLAUDE_CODE_MAX_RETRIES: '0',
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function route(recorded: RecordedRequest, res: ServerResponse, options: ModelServerOptions): void {
  const path = recorded.path.split('?')[0] ?? '';
  const body = recorded.body ?? {};
  if (recorded.method === 'POST' && path.endsWith('/v1/messages/count_tokens')) {
    sendJson(res, 200, { input_tokens: 100 });
  } else if (recorded.method !== 'POST' || !path.endsWith('/v1/messages')) {
    sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'not scripted' } });
  } else {
    answerMessages(recorded, body, res, options);
  }
}

function answerMessages(
  recorded: RecordedRequest,
  body: Record<string, unknown>,
  res: ServerResponse,
  options: ModelServerOptions,
): void {
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  const isMainLoop = Array.isArray(body.tools) && body.tools.length > 0;
  let reply: ScriptedReply = { text: 'ok' };
  if (isMainLoop) {
    const key = scriptKeyFor(messages, options.scripts);
    recorded.scriptKey = key;
    const turn = messages.filter((m) => m.role === 'assistant').length;
    reply = (key === undefined ? undefined : options.scripts[key]?.[turn]) ?? { text: 'done' };
  }
  if ('error' in reply) {
    const { status, type = 'api_error', message = 'scripted failure' } = reply.error;
    sendJson(res, status, { type: 'error', error: { type, message } });
    return;
  }
  const model = typeof body.model === 'string' ? body.model : (options.model ?? 'claude-test');
  const usage = options.usage ?? { input_tokens: 120, output_tokens: 30 };
  const message = assistantMessage(reply, model, usage, `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`);
  if (body.stream === true) sendSse(res, message);
  else sendJson(res, 200, message);
}

function firstUserText(messages: Message[]): string {
  const first = messages.find((m) => m.role === 'user');
  if (first === undefined) return '';
  if (typeof first.content === 'string') return first.content;
  if (!Array.isArray(first.content)) return '';
  return first.content
    .map((block: { type?: string; text?: string }) => (block.type === 'text' ? (block.text ?? '') : ''))
    .join('\n');
}

function scriptKeyFor(messages: Message[], scripts: Record<string, ScriptedReply[]>): string | undefined {
  const text = firstUserText(messages);
  const key = Object.keys(scripts).find((k) => k !== '*' && text.includes(k));
  return key ?? ('*' in scripts ? '*' : undefined);
}

type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function assistantMessage(
  reply: Exclude<ScriptedReply, { error: unknown }>,
  model: string,
  usage: { input_tokens: number; output_tokens: number },
  id: string,
) {
  let content: ContentBlock[];
  if ('text' in reply) content = [{ type: 'text', text: reply.text }];
  else {
    const toolId = `toolu_${id.slice(4)}`;
    content =
      'bash' in reply
        ? [
            {
              type: 'tool_use',
              id: toolId,
              name: 'Bash',
              input: { command: reply.bash, description: reply.description ?? 'scripted command' },
            },
          ]
        : [{ type: 'tool_use', id: toolId, name: reply.tool, input: reply.input }];
  }
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: content[0]?.type === 'tool_use' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { ...usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The SSE sequence of the streaming Messages API for one complete message. */
function sendSse(res: ServerResponse, message: ReturnType<typeof assistantMessage>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (event: string, data: unknown): void => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const { content, usage, stop_reason, ...rest } = message;
  send('message_start', {
    type: 'message_start',
    message: { ...rest, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
  });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      });
      send('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'text_delta', text: block.text },
      });
    } else {
      send('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      send('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    send('content_block_stop', { type: 'content_block_stop', index });
  });
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  send('message_stop', { type: 'message_stop' });
  res.end();
}
