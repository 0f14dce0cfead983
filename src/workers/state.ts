/**
 * A worker's life: `running` until its agent ends, then exactly one terminal
 * state. Transitions are functions; `switch` over WorkerState is exhaustive.
 */
import type { AgentOutcome } from '../agents/types.js';

export const WORKER_STATES = ['running', 'done', 'failed', 'blocked', 'timed-out', 'stopped'] as const;
export type WorkerState = (typeof WORKER_STATES)[number];
export type TerminalState = Exclude<WorkerState, 'running'>;

export function isTerminal(state: WorkerState): state is TerminalState {
  switch (state) {
    case 'running':
      return false;
    case 'done':
    case 'failed':
    case 'blocked':
    case 'timed-out':
    case 'stopped':
      return true;
  }
}

/** The terminal state an agent's outcome leads to, and why. */
export function stateForOutcome(outcome: AgentOutcome): { state: TerminalState; reason?: string } {
  if (outcome.aborted) return { state: 'stopped', reason: outcome.reason ?? 'stopped' };
  if (outcome.timedOut || outcome.hung) return { state: 'timed-out', reason: outcome.reason };
  if (outcome.blocked.length > 0) {
    return { state: 'blocked', reason: outcome.reason ?? `needs a human: ${outcome.blocked.join('; ')}` };
  }
  if (outcome.ok) return { state: 'done' };
  return { state: 'failed', reason: outcome.reason ?? 'the agent failed' };
}

/** Exit code of `weft spawn` for a worker that ended in `state`. */
export function exitCodeFor(state: TerminalState): 0 | 1 {
  switch (state) {
    case 'done':
      return 0;
    case 'failed':
    case 'blocked':
    case 'timed-out':
    case 'stopped':
      return 1;
  }
}

export class InvalidTransitionError extends Error {
  constructor(from: WorkerState, to: WorkerState) {
    super(`a worker cannot go from ${from} to ${to}`);
    this.name = 'InvalidTransitionError';
  }
}

/** Only a running worker ends; ending twice is a bug, not a state. */
export function assertCanEnd(from: WorkerState, to: TerminalState): void {
  if (from !== 'running') throw new InvalidTransitionError(from, to);
}
