/** The shapes the scheduler takes and returns (src/run/scheduler.ts). */
import type { Priority } from '../tasks/types.js';
import type { DeclaredFile } from './locks.js';
import type { SkipCause, TaskState, TaskStateKind } from './task-state.js';

/** The minimal view of a task the scheduler needs; the task graph produces it. */
export interface SchedulableTask {
  id: string;
  priority: Priority;
  dependsOn: readonly string[];
  files: readonly DeclaredFile[];
  /** Remaining critical path from this task (itself included), in estimate units. */
  bottomLevel: number;
  /** Already done in the task file (`- [x]`): counts as merged from the start. */
  done: boolean;
}

/**
 * Order of ready tasks. `critical-path`: priority (P0 first), then longest
 * remaining critical path, then id. `fifo`: the order tasks became ready
 * (baseline for the benchmark). `critical-path` is the graph's `compareRunOrder`,
 * the order `weft plan` shows. A function: any other total order.
 */
export type ReadyOrder = 'critical-path' | 'fifo' | ((a: SchedulableTask, b: SchedulableTask) => number);

/** A task's state carried over from a previous run of the same session (resume). */
export type ResumedTask =
  | { kind: 'merged' }
  /** Its branch is complete and waits to be integrated: reuse it. */
  | { kind: 'finished'; workerId: string; attempts: number; failedOn?: string[] }
  | { kind: 'skipped'; reason: string; cause?: SkipCause }
  | { kind: 'conflicted'; files: string[]; attempts: number }
  /** Start it again; `attempts` already used (an attempt cut short by weft stopping does not count). */
  | { kind: 'retry'; attempts: number; failedOn?: string[]; reason?: string };

export interface SchedulerOptions {
  /** Attempts per task before it is skipped (default 3). */
  maxAttempts?: number;
  order?: ReadyOrder;
  /**
   * When a task's file locks are released: `merge` (default) keeps them until
   * its branch is integrated, so a task touching the same file starts from a
   * branch that already holds the change instead of conflicting with it;
   * `finish` releases them as soon as the agent is done (its branch is isolated).
   */
  releaseLocksAt?: 'merge' | 'finish';
  /** With no attempt finished yet, this many distinct failed tasks mean a systemic failure (default 3). */
  systemicFailureThreshold?: number;
  /** State from the journal of an interrupted run, by task id. */
  resume?: ReadonlyMap<string, ResumedTask>;
}

/** What a transition changed, so the loop can emit events and look for work. */
export interface SchedulerChange {
  /** Tasks whose dependencies are now all merged. */
  ready: string[];
  /** Tasks put back in the queue for another attempt. */
  requeued: string[];
  /** Tasks skipped by this transition (the task itself and/or its dependents). */
  skipped: { id: string; reason: string }[];
  /** File locks released. */
  released: string[];
}

/** What the loop needs to start a task. */
export interface NextTask {
  id: string;
  /** The attempt number `start` will give it (1-based). */
  attempt: number;
  /** The previous attempt's failure, for a retry prompt with refinement. */
  previousFailure?: { reason: string; workerId?: string; conflictFiles?: string[] };
}

export interface TaskView {
  id: string;
  state: TaskState;
  /** Attempts started so far. */
  attempts: number;
  /** Workers on which an attempt failed. */
  failedOn: string[];
  /** Lock keys the task takes while it runs. */
  locks: string[];
}

/** A ready task that has waited on a lock held by the same task for a while. */
export interface LockWait {
  taskId: string;
  path: string;
  holder: string;
  holderWorker?: string;
  /** Scheduling rounds (task starts) since it began waiting on this holder. */
  rounds: number;
}

export type CriticalFailure =
  /** Every P0 task failed, was skipped or conflicted. */
  | { kind: 'all-p0-failed'; tasks: string[] }
  /** No attempt has succeeded and failures keep coming: likely systemic (seed 002). */
  | { kind: 'all-failed'; failedTasks: string[] };

export type StateCounts = Record<TaskStateKind, number>;
