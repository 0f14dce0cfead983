/**
 * The run's history as pictures need it: one bar per task attempt, markers
 * (worker replacements, merges, test-gate runs) and the intervals during which
 * weft was running. Folded one event at a time, so the report folds a whole
 * journal and the dashboard keeps folding as lines are appended.
 *
 * An attempt's outcome can change after it ends: a finished attempt becomes
 * merged, conflicting or reverted when the integrator gets to it.
 */
import type { Usage } from '../../agents/types.js';
import type { RunEvent } from '../../run/events.js';

export type AttemptOutcome =
  | 'merged'
  | 'finished'
  | 'conflict'
  | 'reverted'
  | 'failed'
  | 'interrupted'
  | 'running';

export interface AttemptBar {
  /** Position in `bars`: a stable key for the picture and its details. */
  index: number;
  taskId: string;
  attempt: number;
  workerId: string;
  /** The agent the attempt ran, when the journal says (else the run's default agent applies). */
  agent?: string;
  branch: string;
  /** Epoch milliseconds. */
  start: number;
  /** Absent while the attempt runs. */
  end?: number;
  outcome: AttemptOutcome;
  /** Why it failed, conflicted, was reverted or cut short. */
  reason?: string;
  /** Agent time reported by the attempt (wall time is end − start). */
  agentMs?: number;
  usage: Usage;
  /** Files the attempt's branch changed. */
  files: string[];
  commit?: string;
  integrationCommit?: string;
  mergedAt?: number;
  conflictFiles?: string[];
  /** The worker was replaced because of this attempt (crash, hang, timeout). */
  replaced?: string;
}

export type Marker =
  | { kind: 'replaced'; time: number; workerId: string; reason: string; taskId?: string }
  | { kind: 'merged'; time: number; taskId: string; integrationCommit: string }
  | { kind: 'validation'; start: number; end: number; passed: boolean; command: string; taskId?: string }
  | { kind: 'reverted'; time: number; taskId: string; reason: string }
  | { kind: 'stopped'; time: number; reason: string; critical: boolean }
  | { kind: 'resumed'; time: number };

/** An interval during which weft was running the session. */
export interface Segment {
  start: number;
  /** Absent while it is still open (the last event so far is its end in a static picture). */
  end?: number;
}

export class RunHistory {
  readonly bars: AttemptBar[] = [];
  readonly markers: Marker[] = [];
  readonly segments: Segment[] = [];
  /** Time of the newest event folded. */
  lastTime = 0;
  private readonly open = new Map<string, AttemptBar>();
  private readonly lastFinished = new Map<string, AttemptBar>();

  apply(e: RunEvent): void {
    const time = Date.parse(e.time);
    if (Number.isNaN(time)) return;
    const before = this.lastTime;
    this.lastTime = Math.max(this.lastTime, time);
    switch (e.type) {
      case 'run.started':
        if (this.segments.length === 0) this.segments.push({ start: time });
        break;
      case 'run.resumed':
        // weft killed without a run.stopped leaves the segment open: it ended with its last event.
        this.closeAll(before, 'weft stopped (no stop was recorded)');
        this.closeSegment(before);
        this.segments.push({ start: time });
        this.markers.push({ kind: 'resumed', time });
        break;
      case 'task.started': {
        this.cut(e.taskId, time, 'started again');
        const bar: AttemptBar = {
          index: this.bars.length,
          taskId: e.taskId,
          attempt: e.attempt,
          workerId: e.workerId,
          branch: e.branch,
          start: time,
          outcome: 'running',
          usage: {},
          files: [],
        };
        const agent = (e as { agent?: unknown }).agent;
        if (typeof agent === 'string') bar.agent = agent;
        this.bars.push(bar);
        this.open.set(e.taskId, bar);
        break;
      }
      case 'task.finished': {
        const bar = this.endOf(e.taskId, e.workerId, e.attempt, time, e.durationMs);
        Object.assign(bar, { outcome: 'finished', agentMs: e.durationMs, usage: e.usage, commit: e.commit });
        bar.files = e.files ?? [];
        this.lastFinished.set(e.taskId, bar);
        break;
      }
      case 'task.failed': {
        const running = this.open.get(e.taskId);
        const bar = running ?? this.lastFinished.get(e.taskId);
        if (bar === undefined) break;
        if (running) {
          bar.end = time;
          this.open.delete(e.taskId);
        }
        // A reverted merge or a conflict says more than the failure that follows it.
        if (bar.outcome !== 'reverted' && bar.outcome !== 'conflict') bar.outcome = 'failed';
        bar.reason = e.reason;
        break;
      }
      case 'task.merged': {
        this.markers.push({ kind: 'merged', time, taskId: e.taskId, integrationCommit: e.integrationCommit });
        const bar = this.lastFinished.get(e.taskId);
        if (bar)
          Object.assign(bar, { outcome: 'merged', mergedAt: time, integrationCommit: e.integrationCommit });
        break;
      }
      case 'task.conflict': {
        const bar = this.lastFinished.get(e.taskId);
        if (bar) {
          const why = e.with?.length ? ` (with ${e.with.join(', ')})` : '';
          Object.assign(bar, { outcome: 'conflict', conflictFiles: e.files });
          bar.reason = `conflicts in ${e.files.join(', ')}${why}`;
        }
        break;
      }
      case 'merge.reverted': {
        this.markers.push({ kind: 'reverted', time, taskId: e.taskId, reason: e.reason });
        const bar = this.lastFinished.get(e.taskId);
        if (bar) Object.assign(bar, { outcome: 'reverted', reason: e.reason });
        break;
      }
      case 'worker.replaced': {
        this.markers.push({
          kind: 'replaced',
          time,
          workerId: e.workerId,
          reason: e.reason,
          taskId: e.taskId,
        });
        const bar = [...this.bars].reverse().find((b) => b.workerId === e.workerId);
        if (bar && (e.taskId === undefined || bar.taskId === e.taskId)) bar.replaced = e.reason;
        break;
      }
      case 'validation.passed':
      case 'validation.failed': {
        const passed = e.type === 'validation.passed';
        const duration = passed ? e.durationMs : 0;
        this.markers.push({
          kind: 'validation',
          start: time - duration,
          end: time,
          passed,
          command: e.command,
          ...(e.type === 'validation.failed' && e.taskId ? { taskId: e.taskId } : {}),
        });
        break;
      }
      case 'run.stopped':
        this.markers.push({ kind: 'stopped', time, reason: e.reason, critical: e.critical });
        this.closeAll(time, e.critical ? `run stopped: ${e.reason}` : `interrupted: ${e.reason}`);
        this.closeSegment(time);
        break;
      case 'run.finished':
        this.closeAll(time, 'run ended');
        this.closeSegment(time);
        break;
      default:
        break;
    }
  }

  /** The bar a finish belongs to; one is made up if the journal lost its start. */
  private endOf(
    taskId: string,
    workerId: string,
    attempt: number,
    time: number,
    agentMs: number,
  ): AttemptBar {
    let bar = this.open.get(taskId);
    if (bar === undefined) {
      bar = {
        index: this.bars.length,
        taskId,
        attempt,
        workerId,
        branch: '',
        start: time - agentMs,
        outcome: 'running',
        usage: {},
        files: [],
      };
      this.bars.push(bar);
    }
    bar.end = time;
    this.open.delete(taskId);
    return bar;
  }

  private cut(taskId: string, time: number, reason: string): void {
    const bar = this.open.get(taskId);
    if (!bar) return;
    Object.assign(bar, { end: time, outcome: 'interrupted', reason });
    this.open.delete(taskId);
  }

  private closeAll(time: number, reason: string): void {
    for (const taskId of [...this.open.keys()]) this.cut(taskId, time, reason);
  }

  private closeSegment(time: number): void {
    const last = this.segments.at(-1);
    if (last && last.end === undefined) last.end = Math.max(last.start, time);
  }
}
