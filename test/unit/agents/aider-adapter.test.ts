import { describe, expect, it } from 'vitest';
import { aiderAdapter, parseAiderCount } from '../../../src/agents/adapters/aider.js';
import { ofType, parseAll } from './adapter-helpers.js';

const adapter = aiderAdapter();
const request = { prompt: '-x', cwd: '/w', stateDir: '/state/w1' };

describe('aider invocation', () => {
  it('is headless, keeps history out of the repo and passes the message with =', () => {
    const inv = adapter.invocation(request);
    expect(inv.command).toBe('aider');
    expect(inv.args).toEqual([
      '--message=-x',
      '--yes-always',
      '--no-auto-commits',
      '--no-pretty',
      '--no-stream',
      '--no-fancy-input',
      '--no-check-update',
      '--analytics-disable',
      '--no-gitignore',
      '--chat-history-file=/state/w1/aider/chat.history.md',
      '--input-history-file=/state/w1/aider/input.history',
    ]);
    expect(
      aiderAdapter({ model: 'sonnet' })
        .invocation({ ...request, readOnly: true })
        .args.slice(-3),
    ).toEqual(['--chat-mode', 'ask', '--model=sonnet']);
  });
});

describe('aider output', () => {
  it('reads token counts with k/M suffixes', () => {
    expect(parseAiderCount('2.3k')).toBe(2300);
    expect(parseAiderCount('12k')).toBe(12000);
    expect(parseAiderCount('1.2M')).toBe(1_200_000);
    expect(parseAiderCount('1,234')).toBe(1234);
    expect(parseAiderCount('150')).toBe(150);
  });

  it('sums tokens per message, takes the session cost, maps applied edits', () => {
    const { events, state, verdict } = parseAll(adapter, [
      'Aider v0.86.0',
      'Applied edit to src/app.py',
      'Tokens: 2.3k sent, 150 received. Cost: $0.01 message, $0.05 session.',
      'Tokens: 1k sent, 1.5k cache write, 200 cache hit, 50 received. Cost: $0.02 message, $0.07 session.',
      'Done: the bug is fixed.',
    ]);
    expect(ofType(events, 'file')).toEqual([{ type: 'file', path: 'src/app.py', kind: 'edit' }]);
    expect(state.usage).toEqual({ inputTokens: 3300, outputTokens: 200, costUsd: 0.07 });
    expect(state.finalMessage?.split('\n').at(-1)).toBe('Done: the bug is fixed.');
    expect(verdict).toEqual({ ok: true });
  });

  it('fails on an error line although aider exits 0', () => {
    const { verdict } = parseAll(adapter, [
      'litellm.AuthenticationError: AnthropicException - invalid x-api-key',
      'The API provider is not able to authenticate you. Check your API key.',
    ]);
    expect(verdict).toEqual({
      ok: false,
      reason: 'litellm.AuthenticationError: AnthropicException - invalid x-api-key',
    });
  });

  it('forgets an error after a later successful call', () => {
    const { verdict } = parseAll(adapter, [
      'litellm.APIConnectionError: connection reset',
      'Retrying in 0.2 seconds...',
      'Tokens: 100 sent, 10 received. Cost: $0.00 message, $0.00 session.',
    ]);
    expect(verdict).toEqual({ ok: true });
  });
});
