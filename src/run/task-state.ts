/**
 * A task's state during a run, as an explicit union with named transitions.
 * Each transition checks where it comes from, so the loop cannot, say, merge a
 * task that never finished; `switch` over `kind` is exhaustive (see `assertNever`).
 *
 *   pending ─deps merged─▶ ready ─start─▶ running ─finish─▶ finished ─merged─▶ merged
 *                            ▲               │                 │
 *                            └──── failed ◀──┴── fail ─────────┤ (retry left)
 *                                    │                         └─conflict─▶ conflicted
 *                                    └── no retry left ──▶ skipped
 */
import { EXIT, WeftError } from '../errors.js';

/** Why a task was skipped. */
export type SkipCause = 'attempts-exhausted' | 'dependency' | 'requested';

export type TaskState =
  /** Waiting for dependencies to be merged. */
  | { kind: 'pending' }
  /** Every dependency merged: startable (it may still wait for a file lock). */
  | { kind: 'ready' }
  | { kind: 'running'; workerId: string; attempt: number }
  /** The agent succeeded; its branch waits to be integrated. */
  | { kind: 'finished'; workerId: string; attempt: number }
  /** Integrated into the integration branch (or already done in the task file). */
  | { kind: 'merged'; alreadyDone: boolean }
  /** The last attempt failed and another is allowed: startable, like `ready`. */
  | { kind: 'failed'; attempt: number; reason: string; workerId?: string; conflictFiles?: string[] }
  | { kind: 'skipped'; reason: string; cause: SkipCause }
  /** Its branch conflicts with the integration branch and no attempt is left: kept unmerged. */
  | { kind: 'conflicted'; attempt: number; files: string[] };

export type TaskStateKind = TaskState['kind'];

export const TASK_STATE_KINDS: readonly TaskStateKind[] = [
  'pending',
  'ready',
  'running',
  'finished',
  'merged',
  'failed',
  'skipped',
  'conflicted',
];

/** A transition the state machine does not allow: a bug in the caller. */
export class IllegalTransitionError extends WeftError {
  readonly code = 'E_ILLEGAL_TRANSITION';
  readonly exitCode = EXIT.internal;

  constructor(taskId: string, from: TaskStateKind, transition: string) {
    super(`task ${taskId}: cannot ${transition} from state "${from}"`);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}

/** No further transition happens to a task in this state during the run. */
export function isTerminal(s: TaskState): boolean {
  switch (s.kind) {
    case 'merged':
    case 'skipped':
    case 'conflicted':
      return true;
    case 'pending':
    case 'ready':
    case 'running':
    case 'finished':
    case 'failed':
      return false;
    default:
      return assertNever(s);
  }
}

/** A worker may start the task (locks permitting). */
export function isStartable(s: TaskState): boolean {
  return s.kind === 'ready' || s.kind === 'failed';
}

function expect<K extends TaskStateKind>(
  taskId: string,
  s: TaskState,
  kinds: readonly K[],
  transition: string,
): asserts s is Extract<TaskState, { kind: K }> {
  if (!(kinds as readonly TaskStateKind[]).includes(s.kind)) {
    throw new IllegalTransitionError(taskId, s.kind, transition);
  }
}

export function toReady(taskId: string, s: TaskState): TaskState {
  expect(taskId, s, ['pending'], 'become ready');
  return { kind: 'ready' };
}

export function toRunning(taskId: string, s: TaskState, workerId: string, attempt: number): TaskState {
  expect(taskId, s, ['ready', 'failed'], 'start');
  return { kind: 'running', workerId, attempt };
}

export function toFinished(taskId: string, s: TaskState): TaskState {
  expect(taskId, s, ['running'], 'finish');
  return { kind: 'finished', workerId: s.workerId, attempt: s.attempt };
}

export function toMerged(taskId: string, s: TaskState): TaskState {
  expect(taskId, s, ['finished'], 'merge');
  return { kind: 'merged', alreadyDone: false };
}

/** An attempt failed while running, or after finishing (no work, validation broke). */
export function toFailed(taskId: string, s: TaskState, reason: string, conflictFiles?: string[]): TaskState {
  expect(taskId, s, ['running', 'finished'], 'fail');
  return {
    kind: 'failed',
    attempt: s.attempt,
    reason,
    workerId: s.workerId,
    ...(conflictFiles === undefined ? {} : { conflictFiles }),
  };
}

export function toSkipped(taskId: string, s: TaskState, reason: string, cause: SkipCause): TaskState {
  expect(taskId, s, ['pending', 'ready', 'running', 'finished', 'failed'], 'skip');
  return { kind: 'skipped', reason, cause };
}

export function toConflicted(taskId: string, s: TaskState, files: string[]): TaskState {
  expect(taskId, s, ['finished'], 'mark conflicted');
  return { kind: 'conflicted', attempt: s.attempt, files };
}

/** One line for humans: `running on worker-2 (attempt 1)`. */
export function describeState(s: TaskState): string {
  switch (s.kind) {
    case 'pending':
      return 'pending';
    case 'ready':
      return 'ready';
    case 'running':
      return `running on ${s.workerId} (attempt ${s.attempt})`;
    case 'finished':
      return `finished by ${s.workerId}, waiting to merge`;
    case 'merged':
      return s.alreadyDone ? 'already done' : 'merged';
    case 'failed':
      return `attempt ${s.attempt} failed: ${s.reason}`;
    case 'skipped':
      return `skipped: ${s.reason}`;
    case 'conflicted':
      return `conflicts in ${s.files.join(', ')}`;
    default:
      return assertNever(s);
  }
}
