import { describe, expect, it } from 'vitest';
import type { AgentOutcome } from '../../../src/agents/types.js';
import {
  assertCanEnd,
  exitCodeFor,
  InvalidTransitionError,
  isTerminal,
  stateForOutcome,
  WORKER_STATES,
} from '../../../src/workers/state.js';

const base: AgentOutcome = {
  ok: true,
  exitCode: 0,
  signal: null,
  usage: {},
  blocked: [],
  timedOut: false,
  hung: false,
  aborted: false,
  durationMs: 1,
  logFile: 'x.log',
};

describe('worker states', () => {
  it('maps each agent outcome to one terminal state', () => {
    expect(stateForOutcome(base).state).toBe('done');
    expect(stateForOutcome({ ...base, ok: false, reason: 'exit 2' })).toEqual({
      state: 'failed',
      reason: 'exit 2',
    });
    expect(stateForOutcome({ ...base, ok: false, timedOut: true, reason: 't' }).state).toBe('timed-out');
    expect(stateForOutcome({ ...base, ok: false, hung: true, reason: 'h' }).state).toBe('timed-out');
    expect(stateForOutcome({ ...base, ok: false, aborted: true, reason: 'aborted: SIGINT' }).state).toBe(
      'stopped',
    );
    expect(stateForOutcome({ ...base, blocked: ['Bash denied'] })).toEqual({
      state: 'blocked',
      reason: 'needs a human: Bash denied',
    });
  });

  it('only a running worker ends, and only done exits 0', () => {
    expect(WORKER_STATES.filter((s) => !isTerminal(s))).toEqual(['running']);
    expect(() => assertCanEnd('running', 'done')).not.toThrow();
    expect(() => assertCanEnd('done', 'failed')).toThrow(InvalidTransitionError);
    expect(exitCodeFor('done')).toBe(0);
    for (const s of ['failed', 'blocked', 'timed-out', 'stopped'] as const) expect(exitCodeFor(s)).toBe(1);
  });
});
