import { describe, expect, it } from 'vitest';
import { opencodeAdapter } from '../../../src/agents/adapters/opencode.js';
import { jsonLines, ofType, parseAll } from './adapter-helpers.js';

const adapter = opencodeAdapter();
const request = { prompt: 'fix it', cwd: '/w', stateDir: '/state/w1' };
const env = (type: string, part: Record<string, unknown>) => ({
  type,
  timestamp: 1,
  sessionID: 'ses_1',
  part,
});
const stepFinish = (cost: number, input: number, output: number) =>
  env('step_finish', {
    type: 'step-finish',
    cost,
    tokens: { input, output, reasoning: 0, cache: { read: 10, write: 0 } },
  });

describe('opencode invocation', () => {
  it('runs `run --format json` with its own OPENCODE_DB', () => {
    expect(adapter.invocation(request)).toEqual({
      command: 'opencode',
      args: ['run', '--format', 'json', '--', 'fix it'],
      env: { OPENCODE_DB: '/state/w1/opencode/opencode.db' },
    });
    expect(
      opencodeAdapter({ model: 'anthropic/claude-x' }).invocation({ ...request, readOnly: true }).args,
    ).toEqual(['run', '--format', 'json', '--agent', 'plan', '-m', 'anthropic/claude-x', '--', 'fix it']);
  });
});

describe('opencode JSONL', () => {
  it('sums cost and tokens over steps and keeps the last text as the answer', () => {
    const { events, state, verdict } = parseAll(
      adapter,
      jsonLines(
        env('step_start', { type: 'step-start' }),
        env('tool_use', {
          type: 'tool',
          tool: 'edit',
          state: { status: 'completed', input: { filePath: '/w/a.ts' } },
        }),
        stepFinish(0.01, 100, 20),
        env('step_start', { type: 'step-start' }),
        env('text', { type: 'text', text: 'Fixed.' }),
        stepFinish(0.02, 300, 40),
      ),
    );
    expect(events[0]).toEqual({ type: 'started', sessionId: 'ses_1' });
    expect(ofType(events, 'tool')).toEqual([{ type: 'tool', name: 'edit', input: '/w/a.ts' }]);
    expect(ofType(events, 'file')).toEqual([{ type: 'file', path: '/w/a.ts', kind: 'edit' }]);
    expect(state.usage).toEqual({ inputTokens: 400, outputTokens: 60, cacheReadTokens: 20, costUsd: 0.03 });
    expect(state.finalMessage).toBe('Fixed.');
    expect(verdict).toEqual({ ok: true });
  });

  it('fails on an error event', () => {
    const lines = jsonLines({
      type: 'error',
      timestamp: 1,
      sessionID: 'ses_1',
      error: { name: 'APIError', data: { message: 'Unauthorized', statusCode: 401 } },
    });
    expect(parseAll(adapter, lines, { code: 1, signal: null }).verdict).toEqual({
      ok: false,
      reason: 'Unauthorized',
    });
  });

  it('turns "auto-rejecting" on stderr into blocked, once', () => {
    const line = '\x1b[33m! permission requested: bash (rm -rf dist); auto-rejecting\x1b[0m';
    const { events, state, verdict } = parseAll(adapter, [], { code: 0, signal: null }, [
      line,
      line,
      'other noise',
    ]);
    expect(events).toEqual([
      {
        type: 'blocked',
        reason: 'permission denied: ! permission requested: bash (rm -rf dist); auto-rejecting',
      },
    ]);
    expect(state.blocked).toHaveLength(1);
    expect(verdict.ok).toBe(true);
  });
});
