import { describe, expect, it } from 'vitest';
import { codexAdapter } from '../../../src/agents/adapters/codex.js';
import { jsonLines, ofType, parseAll } from './adapter-helpers.js';

const adapter = codexAdapter();
const request = { prompt: '-fix it', cwd: '/work/tree', stateDir: '/state/w1' };

describe('codex invocation', () => {
  it('runs exec --json in the worktree with its own CODEX_HOME and stdin closed', () => {
    const inv = adapter.invocation(request);
    expect(inv).toEqual({
      command: 'codex',
      args: ['-a', 'never', 'exec', '--json', '-C', '/work/tree', '-s', 'workspace-write', '--', '-fix it'],
      env: { CODEX_HOME: '/state/w1/codex' },
    });
  });

  it('is read-only when asked and passes model and extra args', () => {
    const inv = codexAdapter({ model: 'gpt-5', args: ['-c', 'x=1'] }).invocation({
      ...request,
      readOnly: true,
    });
    expect(inv.args).toEqual([
      '-a',
      'never',
      'exec',
      '--json',
      '-C',
      '/work/tree',
      '-s',
      'read-only',
      '-m',
      'gpt-5',
      '-c',
      'x=1',
      '--',
      '-fix it',
    ]);
  });
});

const thread = { type: 'thread.started', thread_id: '0199a213-81c0-7800-8aa1-bbab2a035a53' };
const command = {
  id: 'item_1',
  type: 'command_execution',
  command: 'npm test',
  aggregated_output: '',
  status: 'in_progress',
};

describe('codex JSONL', () => {
  it('maps a successful turn: thread, command, file change, answer, tokens', () => {
    const { events, state, verdict } = parseAll(
      adapter,
      jsonLines(
        thread,
        { type: 'turn.started' },
        { type: 'item.completed', item: { id: 'item_0', type: 'reasoning', text: 'thinking' } },
        { type: 'item.started', item: command },
        { type: 'item.completed', item: { ...command, exit_code: 0, status: 'completed' } },
        {
          type: 'item.completed',
          item: { id: 'item_2', type: 'file_change', changes: [{ path: 'src/a.ts', kind: 'update' }] },
        },
        { type: 'item.completed', item: { id: 'item_3', type: 'agent_message', text: 'All done.' } },
        {
          type: 'turn.completed',
          usage: { input_tokens: 1200, cached_input_tokens: 200, output_tokens: 345 },
        },
      ),
    );
    expect(events).toEqual([
      { type: 'started', sessionId: thread.thread_id },
      { type: 'tool', name: 'shell', input: 'npm test' },
      { type: 'file', path: 'src/a.ts', kind: 'update' },
      { type: 'message', text: 'All done.' },
      { type: 'usage', usage: { inputTokens: 1200, outputTokens: 345, cacheReadTokens: 200 } },
    ]);
    expect(state.usage.costUsd).toBeUndefined();
    expect(state.finalMessage).toBe('All done.');
    expect(verdict).toEqual({ ok: true });
  });

  it('fails with turn.failed, treating earlier error events as non-fatal', () => {
    const lines = jsonLines(
      thread,
      { type: 'error', message: 'Reconnecting... 1/5' },
      { type: 'turn.failed', error: { message: 'unexpected status 401 Unauthorized' } },
    );
    expect(parseAll(adapter, lines, { code: 1, signal: null }).verdict).toEqual({
      ok: false,
      reason: 'unexpected status 401 Unauthorized',
    });
    const recovered = parseAll(
      adapter,
      jsonLines(
        thread,
        { type: 'error', message: 'Reconnecting... 1/5' },
        {
          type: 'turn.completed',
          usage: { input_tokens: 1, cached_input_tokens: 0, output_tokens: 1 },
        },
      ),
    );
    expect(recovered.verdict).toEqual({ ok: true });
    expect(ofType(recovered.events, 'message')).toEqual([]);
  });

  it('fails on a non-zero exit without a turn result, naming the last error', () => {
    const { verdict } = parseAll(
      adapter,
      jsonLines(thread, { type: 'error', message: 'stream disconnected' }),
      {
        code: 1,
        signal: null,
      },
    );
    expect(verdict).toEqual({ ok: false, reason: 'stream disconnected' });
  });
});
