/**
 * The run's schedule as pure data: no processes, timers or I/O (after Nx's
 * task scheduler). The loop asks `nextTask(worker)`, calls `start`, and reports
 * back with `finish` / `merged` / `fail` / `conflicted` / `releaseWorker`.
 * Each transition returns what changed; `version` grows whenever a task may
 * have become startable, so the loop looks for work after a transition, never
 * on a timer.
 *
 * A task is ready when every dependency is merged. Ready tasks come out of a
 * binary heap in priority → remaining critical path → id order. A ready task
 * whose files are locked is parked on that lock and returns to the heap when
 * the lock is released.
 */
import { IndexedHeap } from './indexed-heap.js';
import { FileLocks } from './locks.js';
import type {
  CriticalFailure,
  LockWait,
  NextTask,
  ResumedTask,
  SchedulableTask,
  SchedulerChange,
  SchedulerOptions,
  StateCounts,
  TaskView,
} from './scheduler-types.js';
import {
  applyResumedStates,
  buildTaskRecords,
  collectLockWaits,
  countStates,
  detectCriticalFailure,
  forEachOpenDependent,
  SchedulerInputError,
  type TaskRecord,
  unlockedByMerges,
  viewOf,
} from './task-records.js';
import {
  IllegalTransitionError,
  isStartable,
  isTerminal,
  type SkipCause,
  type TaskState,
  toConflicted,
  toFailed,
  toFinished,
  toMerged,
  toRunning,
  toSkipped,
} from './task-state.js';

export { SchedulerInputError } from './task-records.js';

const emptyChange = (): SchedulerChange => ({ ready: [], requeued: [], skipped: [], released: [] });

export class Scheduler {
  readonly maxAttempts: number;
  private readonly records: Map<string, TaskRecord>;
  private readonly heap: IndexedHeap<TaskRecord>;
  private readonly locks = new FileLocks();
  private readonly parkedOn = new Map<string, Set<TaskRecord>>();
  private readonly workerTask = new Map<string, TaskRecord>();
  /** Finished tasks with dependents, until their merge (entries in other states are dropped when met). */
  private readonly awaitingMerge = new Set<TaskRecord>();
  private readonly releaseAt: 'merge' | 'finish';
  private readonly systemicThreshold: number;
  private readonly fifo: boolean;
  private fifoSeq = 0;
  private rounds = 0;
  private finishes = 0;
  private changeVersion = 0;

  constructor(tasks: readonly SchedulableTask[], options: SchedulerOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 3;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new SchedulerInputError(`maxAttempts must be a positive integer, got ${options.maxAttempts}`);
    }
    this.releaseAt = options.releaseLocksAt ?? 'merge';
    this.systemicThreshold = options.systemicFailureThreshold ?? 3;
    const order = options.order ?? 'critical-path';
    this.fifo = order === 'fifo';
    this.heap = new IndexedHeap((a, b) => a.rank < b.rank || (a.rank === b.rank && a.index < b.index));
    this.records = buildTaskRecords(tasks, order);
    this.restore(options.resume);
  }

  /** Grows whenever a transition may have made a task startable. */
  get version(): number {
    return this.changeVersion;
  }

  // ── transitions ────────────────────────────────────────────────────────────

  /**
   * The best startable task for `workerId` whose files are free, without
   * starting it. Prefers tasks this worker has not failed, but returns one it
   * failed rather than leave the worker idle.
   */
  nextTask(workerId: string): NextTask | undefined {
    const triedHere: TaskRecord[] = [];
    let chosen: TaskRecord | undefined;
    for (let rec = this.heap.pop(); rec !== undefined; rec = this.heap.pop()) {
      const conflict = this.locks.firstConflict(rec.locks, rec.task.id);
      if (conflict) {
        this.park(rec, conflict.path, conflict.holder);
      } else if (rec.failedOn.has(workerId)) {
        triedHere.push(rec);
      } else {
        chosen = rec;
        break;
      }
    }
    chosen ??= triedHere[0];
    for (const r of triedHere) this.heap.push(r.task.id, r);
    if (chosen === undefined) return undefined;
    if (!this.heap.has(chosen.task.id)) this.heap.push(chosen.task.id, chosen);
    return {
      id: chosen.task.id,
      attempt: chosen.attempts + 1,
      ...(chosen.lastFailure ? { previousFailure: { ...chosen.lastFailure } } : {}),
    };
  }

  /**
   * `nextTask` + `start` in one step: what the loop calls for each idle worker.
   * (`nextTask` reserves nothing: two calls before a `start` offer the same task.)
   */
  startNext(workerId: string): NextTask | undefined {
    const next = this.nextTask(workerId);
    if (next) this.start(next.id, workerId);
    return next;
  }

  /** Take a startable task's locks and mark it running on `workerId`. */
  start(taskId: string, workerId: string): void {
    const rec = this.get(taskId);
    const busy = this.workerTask.get(workerId);
    if (busy)
      throw new IllegalTransitionError(
        taskId,
        rec.state.kind,
        `start on ${workerId}, busy with ${busy.task.id}`,
      );
    if (!isStartable(rec.state)) throw new IllegalTransitionError(taskId, rec.state.kind, 'start');
    const conflict = this.locks.firstConflict(rec.locks, taskId);
    if (conflict) {
      throw new IllegalTransitionError(
        taskId,
        rec.state.kind,
        `start while ${conflict.path} is locked by ${conflict.holder}`,
      );
    }
    this.leaveQueue(rec);
    rec.attempts++;
    rec.state = toRunning(taskId, rec.state, workerId, rec.attempts);
    this.locks.acquire(taskId, rec.locks);
    this.workerTask.set(workerId, rec);
    this.rounds++;
  }

  /** The agent succeeded; the branch waits to be integrated. */
  finish(taskId: string): SchedulerChange {
    const rec = this.get(taskId);
    const change = emptyChange();
    rec.state = toFinished(taskId, rec.state);
    this.freeWorker(rec);
    this.finishes++;
    if (rec.dependents.length > 0) this.awaitingMerge.add(rec);
    if (this.releaseAt === 'finish') this.releaseLocks(rec, change);
    return change;
  }

  /** Tasks the awaited merges would make ready that outrank all startable now (see MergeHold); 0 in FIFO order. */
  awaitedMergesUnlock(): number {
    return this.fifo ? 0 : unlockedByMerges(this.awaitingMerge, this.heap.peek());
  }

  /** The branch is integrated (and validated): dependents may become ready. */
  merged(taskId: string): SchedulerChange {
    const rec = this.get(taskId);
    const change = emptyChange();
    rec.state = toMerged(taskId, rec.state);
    this.releaseLocks(rec, change);
    for (const d of rec.dependents) {
      d.unmergedDeps--;
      if (d.unmergedDeps === 0 && d.state.kind === 'pending') {
        this.enqueue(d);
        change.ready.push(d.task.id);
      }
    }
    return change;
  }

  /** An attempt failed (while running, or after finishing: no work, validation broke). */
  fail(taskId: string, reason: string): SchedulerChange {
    const rec = this.get(taskId);
    if (rec.state.kind !== 'running' && rec.state.kind !== 'finished') {
      throw new IllegalTransitionError(taskId, rec.state.kind, 'fail');
    }
    const change = emptyChange();
    const workerId = rec.state.workerId;
    rec.failedOn.add(workerId);
    this.freeWorker(rec);
    this.releaseLocks(rec, change);
    if (rec.attempts < this.maxAttempts) {
      rec.lastFailure = { reason, workerId };
      rec.state = toFailed(taskId, rec.state, reason);
      this.enqueue(rec);
      change.requeued.push(taskId);
    } else {
      const n = rec.attempts;
      this.skip(rec, `failed ${n} time${n === 1 ? '' : 's'}; last: ${reason}`, 'attempts-exhausted', change);
      this.skipDependents(rec, 'failed', change);
    }
    return change;
  }

  /** The finished branch conflicts with the integration branch. Re-run on top of it while attempts remain. */
  conflicted(taskId: string, files: string[]): SchedulerChange {
    const rec = this.get(taskId);
    const change = emptyChange();
    if (rec.state.kind !== 'finished')
      throw new IllegalTransitionError(taskId, rec.state.kind, 'mark conflicted');
    this.releaseLocks(rec, change);
    if (rec.attempts < this.maxAttempts) {
      const reason = `conflicts with the integration branch in ${files.join(', ')}`;
      rec.lastFailure = { reason, workerId: rec.state.workerId, conflictFiles: [...files] };
      rec.state = toFailed(taskId, rec.state, reason, [...files]);
      this.enqueue(rec);
      change.requeued.push(taskId);
    } else {
      rec.state = toConflicted(taskId, rec.state, [...files]);
      this.skipDependents(rec, 'conflicted', change);
    }
    return change;
  }

  /** A worker died: its task (if any) fails this attempt and is re-queued while attempts remain. */
  releaseWorker(workerId: string, reason: string): { taskId?: string; change: SchedulerChange } {
    const rec = this.workerTask.get(workerId);
    if (!rec) return { change: emptyChange() };
    return { taskId: rec.task.id, change: this.fail(rec.task.id, reason) };
  }

  /** Skip a task that has not started (and its dependents), e.g. at the user's request. */
  skipTask(taskId: string, reason: string): SchedulerChange {
    const rec = this.get(taskId);
    if (!['pending', 'ready', 'failed'].includes(rec.state.kind)) {
      throw new IllegalTransitionError(taskId, rec.state.kind, 'skip');
    }
    const change = emptyChange();
    this.skip(rec, reason, 'requested', change);
    this.skipDependents(rec, 'was skipped', change);
    return change;
  }

  // ── queries ────────────────────────────────────────────────────────────────

  /** Something is still to be started (pending, ready or awaiting a retry). */
  hasTasks(): boolean {
    for (const r of this.records.values()) {
      if (r.state.kind === 'pending' || isStartable(r.state)) return true;
    }
    return false;
  }

  /** Every task is merged, skipped or conflicted. */
  isDone(): boolean {
    for (const r of this.records.values()) if (!isTerminal(r.state)) return false;
    return true;
  }

  state(taskId: string): TaskState {
    return this.get(taskId).state;
  }

  task(taskId: string): TaskView {
    return viewOf(this.get(taskId));
  }

  tasks(): TaskView[] {
    return [...this.records.values()].map(viewOf);
  }

  idsIn(kind: TaskState['kind']): string[] {
    return [...this.records.values()].filter((r) => r.state.kind === kind).map((r) => r.task.id);
  }

  counts(): StateCounts {
    return countStates(this.records.values());
  }

  running(): { taskId: string; workerId: string }[] {
    return [...this.workerTask].map(([workerId, r]) => ({ taskId: r.task.id, workerId }));
  }

  heldLocks(): { path: string; holder: string }[] {
    return this.locks.entries();
  }

  /** Ready tasks that have waited at least `minRounds` task starts on a lock held by the same task. */
  lockWaits(minRounds: number): LockWait[] {
    return collectLockWaits(this.records, this.rounds, minRounds);
  }

  /** Data for the loop's stop decision (seed 003's critical failures); undefined while none applies. */
  criticalFailure(): CriticalFailure | undefined {
    return detectCriticalFailure([...this.records.values()], this.finishes, this.systemicThreshold);
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private get(taskId: string): TaskRecord {
    const r = this.records.get(taskId);
    if (!r) throw new SchedulerInputError(`unknown task ${taskId}`);
    return r;
  }

  /** Put a task whose dependencies are merged into the ready heap. */
  private enqueue(rec: TaskRecord): void {
    if (rec.state.kind === 'pending') {
      rec.state = rec.lastFailure
        ? { kind: 'failed', attempt: rec.attempts, ...rec.lastFailure }
        : { kind: 'ready' };
    }
    if (this.fifo) rec.rank = this.fifoSeq++;
    this.heap.push(rec.task.id, rec);
    this.changeVersion++;
  }

  private leaveQueue(rec: TaskRecord): void {
    this.heap.remove(rec.task.id);
    if (rec.parked) {
      this.parkedOn.get(rec.parked.path)?.delete(rec);
      delete rec.parked;
    }
    delete rec.lastWait;
  }

  private park(rec: TaskRecord, path: string, holder: string): void {
    const last = rec.lastWait;
    const sinceRound = last?.path === path && last.holder === holder ? last.sinceRound : this.rounds;
    rec.parked = { path, holder, sinceRound };
    rec.lastWait = rec.parked;
    const waiters = this.parkedOn.get(path) ?? new Set<TaskRecord>();
    this.parkedOn.set(path, waiters);
    waiters.add(rec);
  }

  private releaseLocks(rec: TaskRecord, change: SchedulerChange): void {
    const released = this.locks.release(rec.task.id, rec.locks);
    for (const path of released) {
      change.released.push(path);
      const waiters = this.parkedOn.get(path);
      if (!waiters) continue;
      this.parkedOn.delete(path);
      for (const w of waiters) {
        delete w.parked;
        if (!this.heap.has(w.task.id)) this.heap.push(w.task.id, w);
      }
      this.changeVersion++;
    }
  }

  private freeWorker(rec: TaskRecord): void {
    if (rec.state.kind !== 'running' && rec.state.kind !== 'finished') return;
    const w = rec.state.workerId;
    if (this.workerTask.get(w) === rec) this.workerTask.delete(w);
  }

  private skip(rec: TaskRecord, reason: string, cause: SkipCause, change: SchedulerChange): void {
    this.leaveQueue(rec);
    this.freeWorker(rec);
    this.releaseLocks(rec, change);
    rec.state = toSkipped(rec.task.id, rec.state, reason, cause);
    change.skipped.push({ id: rec.task.id, reason });
  }

  /** Skip every transitive dependent that has not ended: it can never be ready. */
  private skipDependents(root: TaskRecord, verb: string, change: SchedulerChange): void {
    forEachOpenDependent(root, verb, (rec, reason) => this.skip(rec, reason, 'dependency', change));
  }

  /** Apply `done` flags and resumed states, then queue whatever is ready. */
  private restore(resume: ReadonlyMap<string, ResumedTask> | undefined): void {
    const { ended, finished } = applyResumedStates(this.records, resume, this.maxAttempts);
    for (const rec of finished) {
      this.finishes++;
      if (this.releaseAt === 'merge') this.locks.acquire(rec.task.id, rec.locks);
    }
    const sink = emptyChange();
    for (const [rec, verb] of ended) this.skipDependents(rec, verb, sink);
    for (const rec of this.records.values()) {
      if (rec.state.kind === 'pending' && rec.unmergedDeps === 0) this.enqueue(rec);
    }
  }
}
