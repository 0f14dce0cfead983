/**
 * The run as the journal tells it: a plain object folded from events, one
 * event at a time (`applyEvent`, also used live by the session recorder) or
 * all at once (`rebuildRunState`). `resumeTasks` turns it into the scheduler's
 * resume input. Snapshots (progress.txt, state.md, messages) render from it.
 */
import type { Usage } from '../agents/types.js';
import type { PlanSummary, RunEvent, RunSummary } from '../run/events.js';
import type { TaskStateKind } from '../run/task-state.js';
import type { Priority } from '../tasks/types.js';

export interface TaskSnapshot {
  id: string;
  title: string;
  priority?: Priority;
  dependsOn: string[];
  /** Declared files. */
  files: string[];
  status: TaskStateKind;
  /** Attempts started. */
  attempts: number;
  /** Workers on which an attempt failed. */
  failedOn: string[];
  /** Worker of the current or last attempt. */
  workerId?: string;
  /** Branch of the current or last attempt. */
  branch?: string;
  /** Every attempt's branch: none is ever discarded. */
  branches: string[];
  /** Lock keys held by the running attempt. */
  locks: string[];
  /** Tip of the last finished attempt's branch. */
  commit?: string;
  /** Files the last finished attempt changed. */
  changedFiles: string[];
  /** The branch commit that was merged, and the merge commit. */
  mergedCommit?: string;
  integrationCommit?: string;
  lastError?: string;
  conflictFiles?: string[];
  skipReason?: string;
  usage: Usage;
  /** Sum of the attempts' agent time. */
  durationMs: number;
}

export interface WorkerSnapshot {
  id: string;
  /** Task running on it now. */
  current?: { taskId: string; attempt: number; branch: string };
  completed: { taskId: string; attempt: number; commit: string; durationMs: number }[];
  failed: { taskId: string; attempt: number; reason: string }[];
  replaced: number;
}

export interface RunState {
  runId?: string;
  taskFile?: string;
  base?: string;
  baseCommit?: string;
  integrationBranch?: string;
  /** Last integration commit the journal knows of (the ref itself may be newer after a crash). */
  integrationHead?: string;
  workerCount?: number;
  startedAt?: string;
  lastEventAt?: string;
  lastSeq: number;
  plan?: PlanSummary;
  /** By task id, in plan order. */
  tasks: Record<string, TaskSnapshot>;
  workers: Record<string, WorkerSnapshot>;
  status: 'not-started' | 'running' | 'stopped' | 'finished';
  stopped?: { reason: string; critical: boolean };
  summary?: RunSummary;
  validations: { passed: number; failed: number };
  /** Predicted conflicts and lock waits worth a note in state.md. */
  notes: string[];
}

export function initialRunState(): RunState {
  return {
    lastSeq: 0,
    tasks: {},
    workers: {},
    status: 'not-started',
    validations: { passed: 0, failed: 0 },
    notes: [],
  };
}

export function rebuildRunState(events: readonly RunEvent[]): RunState {
  const state = initialRunState();
  for (const e of events) applyEvent(state, e);
  return state;
}

function newTask(id: string): TaskSnapshot {
  return {
    id,
    title: id,
    dependsOn: [],
    files: [],
    status: 'pending',
    attempts: 0,
    failedOn: [],
    branches: [],
    locks: [],
    changedFiles: [],
    usage: {},
    durationMs: 0,
  };
}

function taskOf(state: RunState, id: string): TaskSnapshot {
  const t = state.tasks[id] ?? newTask(id);
  state.tasks[id] = t;
  return t;
}

function worker(state: RunState, id: string): WorkerSnapshot {
  state.workers[id] ??= { id, completed: [], failed: [], replaced: 0 };
  return state.workers[id];
}

function addUsage(into: Usage, more: Usage): void {
  for (const k of ['inputTokens', 'outputTokens', 'cacheReadTokens', 'costUsd'] as const) {
    const v = more[k];
    if (v !== undefined) into[k] = (into[k] ?? 0) + v;
  }
}

const MAX_NOTES = 50;

function addNote(state: RunState, note: string): void {
  if (state.notes.length < MAX_NOTES && !state.notes.includes(note)) state.notes.push(note);
}

/** Fold one event into `state` (mutated in place and returned). Unknown event types are ignored. */
export function applyEvent(state: RunState, e: RunEvent): RunState {
  state.lastSeq = Math.max(state.lastSeq, e.seq);
  state.lastEventAt = e.time;
  const taskId = 'taskId' in e ? e.taskId : undefined;
  const task = taskId === undefined ? undefined : taskOf(state, taskId);
  switch (e.type) {
    case 'run.started':
      Object.assign(state, {
        runId: e.runId,
        taskFile: e.taskFile,
        base: e.base,
        baseCommit: e.baseCommit,
        integrationBranch: e.integrationBranch,
        integrationHead: state.integrationHead ?? e.baseCommit,
        workerCount: e.workers,
        startedAt: state.startedAt ?? e.time,
        plan: e.plan,
        status: 'running',
      });
      for (const p of e.plan.tasks) {
        const t = taskOf(state, p.id);
        Object.assign(t, { title: p.title, priority: p.priority, dependsOn: p.dependsOn, files: p.files });
        if (p.done) t.status = 'merged';
      }
      break;
    case 'run.resumed':
      state.status = 'running';
      delete state.stopped;
      break;
    case 'task.ready':
      if (task!.status === 'pending') task!.status = 'ready';
      break;
    case 'task.started':
      Object.assign(task!, {
        status: 'running',
        attempts: e.attempt,
        workerId: e.workerId,
        branch: e.branch,
      });
      task!.locks = e.locks ?? [];
      if (!task!.branches.includes(e.branch)) task!.branches.push(e.branch);
      worker(state, e.workerId).current = { taskId: e.taskId, attempt: e.attempt, branch: e.branch };
      break;
    case 'task.finished': {
      Object.assign(task!, { status: 'finished', commit: e.commit, changedFiles: e.files ?? [] });
      addUsage(task!.usage, e.usage);
      task!.durationMs += e.durationMs;
      const w = worker(state, e.workerId);
      w.completed.push({ taskId: e.taskId, attempt: e.attempt, commit: e.commit, durationMs: e.durationMs });
      if (w.current?.taskId === e.taskId) delete w.current;
      break;
    }
    case 'task.failed':
      task!.status = 'failed';
      task!.lastError = e.reason;
      task!.locks = [];
      if (e.workerId !== undefined) {
        if (!task!.failedOn.includes(e.workerId)) task!.failedOn.push(e.workerId);
        const w = worker(state, e.workerId);
        w.failed.push({ taskId: e.taskId, attempt: e.attempt, reason: e.reason });
        if (w.current?.taskId === e.taskId) delete w.current;
      }
      break;
    case 'task.skipped':
      Object.assign(task!, { status: 'skipped', skipReason: e.reason, locks: [] });
      break;
    case 'task.merged':
      Object.assign(task!, {
        status: 'merged',
        mergedCommit: e.commit,
        integrationCommit: e.integrationCommit,
        locks: [],
      });
      state.integrationHead = e.integrationCommit;
      break;
    case 'task.conflict':
      Object.assign(task!, {
        status: e.willRetry ? 'failed' : 'conflicted',
        conflictFiles: e.files,
        lastError: `conflicts in ${e.files.join(', ')}`,
        locks: [],
      });
      break;
    case 'merge.reverted':
      Object.assign(task!, { status: 'failed', lastError: e.reason });
      delete task!.mergedCommit;
      delete task!.integrationCommit;
      state.integrationHead = e.integrationCommit;
      break;
    case 'worker.replaced':
      worker(state, e.workerId).replaced++;
      break;
    case 'validation.passed':
      state.validations.passed++;
      break;
    case 'validation.failed':
      state.validations.failed++;
      break;
    case 'conflict.predicted':
      addNote(state, `predicted conflict between ${e.a} and ${e.b} in ${e.files.join(', ')}`);
      break;
    case 'lock.waiting':
      addNote(state, `${e.taskId} waited for ${e.path}, locked by ${e.holder}`);
      break;
    case 'run.stopped':
      state.status = 'stopped';
      state.stopped = { reason: e.reason, critical: e.critical };
      break;
    case 'run.finished':
      state.status = 'finished';
      state.summary = e.summary;
      break;
    case 'task.output':
      break;
  }
  return state;
}
