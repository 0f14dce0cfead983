/**
 * The scheduler's per-task bookkeeping: building it from the task list
 * (checking ids, dependencies and cycles, fixing the ready order), applying
 * a resumed run's states, and reading critical failures off it.
 */
import { EXIT, WeftError } from '../errors.js';
import { compareRunOrder } from '../graph/run-order.js';
import { lockKeysFor } from './locks.js';
import type {
  CriticalFailure,
  LockWait,
  ReadyOrder,
  ResumedTask,
  SchedulableTask,
  StateCounts,
  TaskView,
} from './scheduler-types.js';
import { isTerminal, TASK_STATE_KINDS, type TaskState } from './task-state.js';

/** The task list given to the scheduler is inconsistent (a bug upstream of it). */
export class SchedulerInputError extends WeftError {
  readonly code = 'E_SCHEDULER_INPUT';
  readonly exitCode = EXIT.internal;
}

export interface LockWaitStart {
  path: string;
  holder: string;
  sinceRound: number;
}

export interface TaskRecord {
  readonly task: SchedulableTask;
  readonly index: number;
  /** Position in ready order (fixed: the order does not depend on progress); FIFO sequence with `fifo`. */
  rank: number;
  state: TaskState;
  attempts: number;
  readonly failedOn: Set<string>;
  readonly locks: string[];
  unmergedDeps: number;
  readonly dependents: TaskRecord[];
  lastFailure?: { reason: string; workerId?: string; conflictFiles?: string[] };
  /** Set while the task waits, out of the heap, for a lock to be released. */
  parked?: LockWaitStart;
  /** The last lock wait, kept after release so waiting again on the same holder keeps counting. */
  lastWait?: LockWaitStart;
}

export function buildTaskRecords(
  tasks: readonly SchedulableTask[],
  order: ReadyOrder,
): Map<string, TaskRecord> {
  const records = new Map<string, TaskRecord>();
  tasks.forEach((task, index) => {
    if (records.has(task.id)) throw new SchedulerInputError(`duplicate task id ${task.id}`);
    records.set(task.id, {
      task,
      index,
      rank: 0,
      state: { kind: 'pending' },
      attempts: 0,
      failedOn: new Set(),
      locks: lockKeysFor(task.files),
      unmergedDeps: 0,
      dependents: [],
    });
  });
  for (const rec of records.values()) {
    for (const dep of new Set(rec.task.dependsOn)) {
      const d = records.get(dep);
      if (!d) throw new SchedulerInputError(`task ${rec.task.id} depends on unknown task ${dep}`);
      d.dependents.push(rec);
      rec.unmergedDeps++;
    }
  }
  checkAcyclic(records);
  if (order !== 'fifo') {
    const cmp = order === 'critical-path' ? compareRunOrder : order;
    if (typeof cmp !== 'function') throw new SchedulerInputError(`unknown order ${String(order)}`);
    const sorted = [...records.values()].sort((a, b) => cmp(a.task, b.task) || a.index - b.index);
    sorted.forEach((r, i) => {
      r.rank = i;
    });
  }
  return records;
}

function checkAcyclic(records: Map<string, TaskRecord>): void {
  const indegree = new Map<TaskRecord, number>();
  const queue: TaskRecord[] = [];
  for (const r of records.values()) {
    indegree.set(r, r.unmergedDeps);
    if (r.unmergedDeps === 0) queue.push(r);
  }
  for (let i = 0; i < queue.length; i++) {
    for (const d of queue[i]!.dependents) {
      const n = indegree.get(d)! - 1;
      indegree.set(d, n);
      if (n === 0) queue.push(d);
    }
  }
  if (queue.length < records.size) {
    const cyclic = [...indegree].filter(([, n]) => n > 0).map(([r]) => r.task.id);
    throw new SchedulerInputError(`dependency cycle among ${cyclic.slice(0, 10).join(', ')}`);
  }
}

/**
 * Set `done` tasks merged and apply resumed states. Returns the tasks that
 * ended unmerged (their dependents must be skipped) and the finished ones
 * (whose locks the scheduler takes again).
 */
export function applyResumedStates(
  records: Map<string, TaskRecord>,
  resume: ReadonlyMap<string, ResumedTask> | undefined,
  maxAttempts: number,
): { ended: [TaskRecord, string][]; finished: TaskRecord[] } {
  const ended: [TaskRecord, string][] = [];
  const finished: TaskRecord[] = [];
  for (const rec of records.values()) {
    const r: ResumedTask | undefined = rec.task.done ? { kind: 'merged' } : resume?.get(rec.task.id);
    if (r === undefined) continue;
    switch (r.kind) {
      case 'merged':
        rec.state = { kind: 'merged', alreadyDone: rec.task.done };
        for (const d of rec.dependents) d.unmergedDeps--;
        break;
      case 'finished':
        rec.attempts = r.attempts;
        for (const w of r.failedOn ?? []) rec.failedOn.add(w);
        rec.state = { kind: 'finished', workerId: r.workerId, attempt: r.attempts };
        finished.push(rec);
        break;
      case 'skipped':
        rec.state = { kind: 'skipped', reason: r.reason, cause: r.cause ?? 'attempts-exhausted' };
        ended.push([rec, 'was skipped']);
        break;
      case 'conflicted':
        rec.attempts = r.attempts;
        rec.state = { kind: 'conflicted', attempt: r.attempts, files: [...r.files] };
        ended.push([rec, 'conflicted']);
        break;
      case 'retry':
        rec.attempts = r.attempts;
        for (const w of r.failedOn ?? []) rec.failedOn.add(w);
        if (r.reason !== undefined) rec.lastFailure = { reason: r.reason };
        if (r.attempts >= maxAttempts) {
          const reason = `failed ${r.attempts} times; last: ${r.reason ?? 'unknown'}`;
          rec.state = { kind: 'skipped', reason, cause: 'attempts-exhausted' };
          ended.push([rec, 'failed']);
        }
        break;
    }
  }
  return { ended, finished };
}

export function detectCriticalFailure(
  all: readonly TaskRecord[],
  finishes: number,
  systemicThreshold: number,
): CriticalFailure | undefined {
  const lost = (r: TaskRecord): boolean => r.state.kind === 'skipped' || r.state.kind === 'conflicted';
  const p0 = all.filter((r) => r.task.priority === 'P0' && !r.task.done);
  if (p0.length > 0 && p0.every(lost)) return { kind: 'all-p0-failed', tasks: p0.map((r) => r.task.id) };
  const succeeded = finishes > 0 || all.some((r) => r.state.kind === 'merged' && !r.state.alreadyDone);
  if (succeeded) return undefined;
  const failed = all.filter((r) => r.failedOn.size > 0 || r.state.kind === 'conflicted');
  const todo = all.filter((r) => !r.task.done);
  const everyTaskLost = todo.length > 0 && todo.every(lost);
  if (failed.length > 0 && everyTaskLost)
    return { kind: 'all-failed', failedTasks: failed.map((r) => r.task.id) };
  // Systemic (seed 002): several tasks failing the same way before anything worked — the agent's
  // login, a missing tool. Tasks failing each in their own way are retried, not stopped.
  const byKind = new Map<string, string[]>();
  for (const r of failed) {
    const reason = r.lastFailure?.reason ?? (r.state.kind === 'skipped' ? r.state.reason : undefined);
    if (reason === undefined) continue;
    const kind = failureKind(reason);
    byKind.set(kind, [...(byKind.get(kind) ?? []), r.task.id]);
  }
  for (const ids of byKind.values()) {
    if (ids.length >= systemicThreshold) return { kind: 'all-failed', failedTasks: ids };
  }
  return undefined;
}

/** A failure reason without what varies between tasks: ids, numbers, paths, quoted text. */
export function failureKind(reason: string): string {
  return reason
    .replace(/^failed \d+ times?; last: /, '')
    .replace(/`[^`]*`|"[^"]*"|'[^']*'/g, '…')
    .replace(/\S*[/\\]\S*/g, '…')
    .replace(/\b[0-9a-f]{7,40}\b/g, '…')
    .replace(/\d+(\.\d+)?/g, '#')
    .toLowerCase()
    .trim()
    .slice(0, 80);
}

/** Tasks parked on a lock whose holder has not changed for at least `minRounds` task starts. */
export function collectLockWaits(
  records: Map<string, TaskRecord>,
  rounds: number,
  minRounds: number,
): LockWait[] {
  const waits: LockWait[] = [];
  for (const r of records.values()) {
    if (!r.parked || rounds - r.parked.sinceRound < minRounds) continue;
    const holder = records.get(r.parked.holder)?.state;
    const holderWorker = holder && 'workerId' in holder ? holder.workerId : undefined;
    waits.push({
      taskId: r.task.id,
      path: r.parked.path,
      holder: r.parked.holder,
      rounds: rounds - r.parked.sinceRound,
      ...(holderWorker === undefined ? {} : { holderWorker }),
    });
  }
  return waits;
}

export function viewOf(r: TaskRecord): TaskView {
  return {
    id: r.task.id,
    state: r.state,
    attempts: r.attempts,
    failedOn: [...r.failedOn],
    locks: [...r.locks],
  };
}

export function countStates(records: Iterable<TaskRecord>): StateCounts {
  const counts = Object.fromEntries(TASK_STATE_KINDS.map((k) => [k, 0])) as StateCounts;
  for (const r of records) counts[r.state.kind]++;
  return counts;
}

/**
 * How many pending tasks the merges of `awaiting` (finished tasks; entries in
 * other states are dropped) would make ready that outrank `best`, the best
 * startable task (all of them when there is none).
 */
export function unlockedByMerges(awaiting: Set<TaskRecord>, best: TaskRecord | undefined): number {
  let count = 0;
  for (const rec of awaiting) {
    if (rec.state.kind !== 'finished') {
      awaiting.delete(rec);
      continue;
    }
    for (const d of rec.dependents) {
      if (d.state.kind !== 'pending' || d.unmergedDeps !== 1) continue;
      if (best === undefined || d.rank < best.rank || (d.rank === best.rank && d.index < best.index)) count++;
    }
  }
  return count;
}

/**
 * Every transitive dependent of `root` that has not ended, breadth first, with
 * the reason it can never be ready; `visit` must end it (the walk goes on
 * through it to its own dependents).
 */
export function forEachOpenDependent(
  root: TaskRecord,
  verb: string,
  visit: (rec: TaskRecord, reason: string) => void,
): void {
  const rootId = root.task.id;
  const queue: [TaskRecord, TaskRecord][] = root.dependents.map((d) => [d, root]);
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const [rec, via] = item;
    if (isTerminal(rec.state)) continue;
    visit(
      rec,
      via === root ? `dependency ${rootId} ${verb}` : `dependency ${via.task.id} skipped (${rootId} ${verb})`,
    );
    for (const d of rec.dependents) queue.push([d, rec]);
  }
}
