/**
 * The typed events of a run. The orchestrator emits them to observers; the
 * journal (events.jsonl) records every one, the renderer shows them, and resume
 * rebuilds state from them. Every event has `seq` (1, 2, … per session, also
 * across a resume), `time` (ISO 8601) and `type`. Fields are only ever added:
 * a reader ignores fields and event types it does not know.
 */
import type { Usage } from '../agents/types.js';
import type { Priority } from '../tasks/types.js';

interface Stamp {
  seq: number;
  time: string;
}

/** The plan as the run starts it, enough to render state.md and progress.txt. */
export interface PlanSummary {
  tasks: {
    id: string;
    title: string;
    priority: Priority;
    dependsOn: string[];
    /** Declared files (any op). */
    files: string[];
    done?: boolean;
  }[];
  /** The plan's parallel groups (display only: weft does not wait at group ends). */
  groups?: { id: string; taskIds: string[] }[];
}

export interface RunSummary {
  total: number;
  merged: number;
  failed: number;
  skipped: number;
  conflicted: number;
  durationMs: number;
  workersUsed: number;
  /** Sum of task times / wall time. */
  parallelism: number;
  usage: Usage;
  integrationBranch: string;
  integrationCommit?: string;
  /** Branches with work that is not on the integration branch. */
  unmergedBranches: string[];
}

export interface RunStartedEvent extends Stamp {
  type: 'run.started';
  runId: string;
  /** Path of the task file as given. */
  taskFile: string;
  base: string;
  baseCommit: string;
  integrationBranch: string;
  workers: number;
  agent?: string;
  maxAttempts?: number;
  plan: PlanSummary;
  /** What the checks before the run found (plan warnings, …): shown as the run starts. */
  warnings?: string[];
}

/** A later `weft resume` picked the run up again. */
export interface RunResumedEvent extends Stamp {
  type: 'run.resumed';
  runId?: string;
  /** Tasks that were running when the run stopped and start again. */
  requeued: string[];
  /** Finished branches that will be integrated without re-running the agent. */
  reused: string[];
}

export interface TaskReadyEvent extends Stamp {
  type: 'task.ready';
  taskId: string;
}

export interface TaskStartedEvent extends Stamp {
  type: 'task.started';
  taskId: string;
  workerId: string;
  attempt: number;
  branch: string;
  /** Integration-branch commit the attempt starts from. */
  baseCommit: string;
  worktree?: string;
  /** Lock keys the attempt holds (mirrored as locks/<hash>.lock). */
  locks?: string[];
  /** The agent adapter running the attempt (claude, shell, …). */
  agent?: string;
}

/** Sparse agent output (a final message, a notable line), not every line. */
export interface TaskOutputEvent extends Stamp {
  type: 'task.output';
  taskId: string;
  attempt: number;
  text: string;
}

export interface TaskFinishedEvent extends Stamp {
  type: 'task.finished';
  taskId: string;
  attempt: number;
  workerId: string;
  /** Tip of the task's branch. */
  commit: string;
  usage: Usage;
  durationMs: number;
  /** Files the branch changed. */
  files?: string[];
}

export interface TaskFailedEvent extends Stamp {
  type: 'task.failed';
  taskId: string;
  attempt: number;
  workerId?: string;
  reason: string;
  willRetry: boolean;
  /** The branch keeps whatever the attempt committed. */
  branch?: string;
}

export interface TaskSkippedEvent extends Stamp {
  type: 'task.skipped';
  taskId: string;
  reason: string;
}

export interface TaskMergedEvent extends Stamp {
  type: 'task.merged';
  taskId: string;
  /** The task branch's commit that was merged. */
  commit: string;
  /** The merge commit now at the head of the integration branch. */
  integrationCommit: string;
}

export interface TaskConflictEvent extends Stamp {
  type: 'task.conflict';
  taskId: string;
  files: string[];
  /** Task(s) whose merged work it conflicts with, when known. */
  with?: string[];
  willRetry: boolean;
  branch?: string;
}

/** Two running tasks' branches (or one and the integration branch: b = "integration") would conflict. */
export interface ConflictPredictedEvent extends Stamp {
  type: 'conflict.predicted';
  a: string;
  b: string;
  files: string[];
}

/** A ready task has waited many scheduling rounds on a file locked by the same task. */
export interface LockWaitEvent extends Stamp {
  type: 'lock.waiting';
  taskId: string;
  path: string;
  holder: string;
  rounds: number;
}

export interface WorkerReplacedEvent extends Stamp {
  type: 'worker.replaced';
  workerId: string;
  reason: string;
  /** The task it was running, re-queued. */
  taskId?: string;
}

export interface ValidationPassedEvent extends Stamp {
  type: 'validation.passed';
  command: string;
  integrationCommit: string;
  durationMs: number;
}

export interface ValidationFailedEvent extends Stamp {
  type: 'validation.failed';
  command: string;
  integrationCommit: string;
  exitCode: number | null;
  /** The last lines of its output. */
  outputTail: string;
  /** The merge being validated. */
  taskId?: string;
}

export interface MergeRevertedEvent extends Stamp {
  type: 'merge.reverted';
  taskId: string;
  /** The merge commit whose changes were undone. */
  revertedCommit: string;
  /** The new integration head (the revert commit). */
  integrationCommit: string;
  reason: string;
}

export interface RunStoppedEvent extends Stamp {
  type: 'run.stopped';
  reason: string;
  /** A critical failure (seed 003) rather than an interrupt. */
  critical: boolean;
}

export interface RunFinishedEvent extends Stamp {
  type: 'run.finished';
  summary: RunSummary;
}

export type RunEvent =
  | RunStartedEvent
  | RunResumedEvent
  | TaskReadyEvent
  | TaskStartedEvent
  | TaskOutputEvent
  | TaskFinishedEvent
  | TaskFailedEvent
  | TaskSkippedEvent
  | TaskMergedEvent
  | TaskConflictEvent
  | ConflictPredictedEvent
  | LockWaitEvent
  | WorkerReplacedEvent
  | ValidationPassedEvent
  | ValidationFailedEvent
  | MergeRevertedEvent
  | RunStoppedEvent
  | RunFinishedEvent;

export type RunEventType = RunEvent['type'];

export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;

/** An event before it is stamped: what the orchestrator writes. */
export type RunEventInput = RunEvent extends infer E
  ? E extends RunEvent
    ? Omit<E, 'seq' | 'time'>
    : never
  : never;

export const RUN_EVENT_TYPES: readonly RunEventType[] = [
  'run.started',
  'run.resumed',
  'task.ready',
  'task.started',
  'task.output',
  'task.finished',
  'task.failed',
  'task.skipped',
  'task.merged',
  'task.conflict',
  'conflict.predicted',
  'lock.waiting',
  'worker.replaced',
  'validation.passed',
  'validation.failed',
  'merge.reverted',
  'run.stopped',
  'run.finished',
];

/** Gives events their sequence number and time. After a resume, start from the journal's last seq. */
export class EventStamper {
  private seq: number;

  constructor(
    lastSeq = 0,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.seq = lastSeq;
  }

  get lastSeq(): number {
    return this.seq;
  }

  stamp(input: RunEventInput): RunEvent {
    this.seq++;
    return { seq: this.seq, time: this.now().toISOString(), ...input } as RunEvent;
  }
}

/** Shape check for a parsed journal line: an object with a numeric seq, an ISO time and a string type. */
export function looksLikeRunEvent(value: unknown): value is RunEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.type === 'string' && typeof v.seq === 'number' && typeof v.time === 'string';
}
