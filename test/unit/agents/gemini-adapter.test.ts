import { describe, expect, it } from 'vitest';
import { geminiAdapter, geminiExitReason } from '../../../src/agents/adapters/gemini.js';
import { jsonLines, parseAll } from './adapter-helpers.js';

const adapter = geminiAdapter();
const request = { prompt: '- [ ] step one', cwd: '/w', stateDir: '/state/w1' };
const ts = '2026-01-01T00:00:00.000Z';

describe('gemini invocation', () => {
  it('passes the prompt with = so it cannot be read as a flag; yolo, trust, own home', () => {
    expect(adapter.invocation(request)).toEqual({
      command: 'gemini',
      args: [
        '--prompt=- [ ] step one',
        '--output-format=stream-json',
        '--skip-trust',
        '--approval-mode=yolo',
      ],
      env: { GEMINI_CLI_HOME: '/state/w1/gemini' },
    });
  });

  it('plans when read-only and passes the model', () => {
    const args = geminiAdapter({ model: 'gemini-2.5-pro' }).invocation({ ...request, readOnly: true }).args;
    expect(args).toContain('--approval-mode=plan');
    expect(args).toContain('--model=gemini-2.5-pro');
  });
});

describe('gemini stream-json', () => {
  it('joins assistant deltas into one message and maps tools, files and tokens', () => {
    const { events, state, verdict } = parseAll(
      adapter,
      jsonLines(
        { type: 'init', timestamp: ts, session_id: 's-1', model: 'gemini-2.5-pro' },
        { type: 'message', timestamp: ts, role: 'user', content: 'do it' },
        { type: 'message', timestamp: ts, role: 'assistant', content: 'Writing ', delta: true },
        { type: 'message', timestamp: ts, role: 'assistant', content: 'the file.', delta: true },
        {
          type: 'tool_use',
          timestamp: ts,
          tool_name: 'write_file',
          tool_id: 't1',
          parameters: { file_path: '/w/a.txt', content: 'x' },
        },
        { type: 'tool_result', timestamp: ts, tool_id: 't1', status: 'success', output: '' },
        { type: 'message', timestamp: ts, role: 'assistant', content: 'Done.', delta: true },
        {
          type: 'result',
          timestamp: ts,
          status: 'success',
          stats: {
            total_tokens: 30,
            input_tokens: 20,
            output_tokens: 10,
            cached: 5,
            duration_ms: 9,
            tool_calls: 1,
          },
        },
      ),
    );
    expect(events).toEqual([
      { type: 'started', sessionId: 's-1', model: 'gemini-2.5-pro' },
      { type: 'message', text: 'Writing the file.' },
      { type: 'tool', name: 'write_file', input: '/w/a.txt' },
      { type: 'file', path: '/w/a.txt', kind: 'write' },
      { type: 'message', text: 'Done.' },
      { type: 'usage', usage: { inputTokens: 20, outputTokens: 10, cacheReadTokens: 5 } },
    ]);
    expect(state.finalMessage).toBe('Done.');
    expect(verdict).toEqual({ ok: true });
  });

  it('explains documented exit codes and HTTP-status exits', () => {
    expect(geminiExitReason(41)).toMatch(/authentication failed/);
    expect(geminiExitReason(55)).toMatch(/not trusted/);
    expect(geminiExitReason(173)).toBe('API error: HTTP 429 (exit 173)');
    expect(geminiExitReason(244)).toBe('API error: HTTP 500 (exit 244)');
    expect(geminiExitReason(9)).toBe('exited with code 9');
    const { verdict } = parseAll(adapter, jsonLines({ type: 'init', session_id: 's' }), {
      code: 41,
      signal: null,
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toMatch(/exit 41/);
  });

  it('fails on a result with status error even after exit 0; error events are not fatal', () => {
    const lines = jsonLines(
      { type: 'error', timestamp: ts, severity: 'warning', message: 'loop detected' },
      {
        type: 'result',
        timestamp: ts,
        status: 'error',
        error: { type: 'Error', message: 'quota exceeded' },
        stats: {},
      },
    );
    const { events, verdict } = parseAll(adapter, lines);
    expect(events[0]).toEqual({ type: 'message', text: 'gemini warning: loop detected' });
    expect(verdict).toEqual({ ok: false, reason: 'quota exceeded' });
  });
});
