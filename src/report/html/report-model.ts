/**
 * Everything the HTML report shows, computed from the journal's events alone
 * (so a crashed or resumed run gets a report too): the run's state, the
 * attempt bars, the critical path by measured time and the summary figures.
 */
import type { Usage } from '../../agents/types.js';
import { applyEvent, initialRunState, type RunState, type TaskSnapshot } from '../../journal/run-state.js';
import type { RunEvent } from '../../run/events.js';
import { type CriticalPath, criticalPath } from './critical-path.js';
import { type AttemptBar, type Marker, RunHistory, type Segment } from './history.js';

export interface ReportFigures {
  tasks: number;
  merged: number;
  failed: number;
  skipped: number;
  conflicted: number;
  unfinished: number;
  attempts: number;
  retries: number;
  replacements: number;
  /** Wall time weft was running (pauses between a stop and a resume left out). */
  makespanMs: number;
  /** Sum of every attempt's wall time. */
  workMs: number;
  criticalPathMs: number;
  /** max(critical path, work / workers): no schedule of the same attempts ends sooner. */
  lowerBoundMs: number;
  workers: number;
  workersUsed: number;
  /** workMs / makespanMs. */
  parallelism: number;
  usage: Usage;
  validations: { passed: number; failed: number; ms: number };
}

export interface ReportModel {
  runId: string;
  taskFile?: string;
  base?: string;
  integrationBranch?: string;
  integrationHead?: string;
  agent?: string;
  status: RunState['status'];
  stopped?: { reason: string; critical: boolean };
  /** The picture's right edge: the last event, or `now` for a live run. */
  end: number;
  /** Lanes, in natural order of the worker ids. */
  workers: string[];
  bars: AttemptBar[];
  markers: Marker[];
  /** Closed: an open segment ends at `end`. */
  segments: Required<Segment>[];
  /** Plan order. */
  tasks: TaskSnapshot[];
  critical: CriticalPath;
  figures: ReportFigures;
  notes: string[];
}

/** Fold events into state and history; `model()` can be taken at any point (the dashboard does). */
export class ReportFold {
  readonly state: RunState = initialRunState();
  readonly history = new RunHistory();
  agent: string | undefined;
  runId: string | undefined;

  apply(e: RunEvent): void {
    applyEvent(this.state, e);
    this.history.apply(e);
    if (e.type === 'run.started') {
      this.agent = e.agent;
      this.runId = e.runId;
    }
  }

  /** `now` stretches running bars and an open segment to that time (live views). */
  model(options: { now?: number; runId?: string } = {}): ReportModel {
    const s = this.state;
    const h = this.history;
    const end = Math.max(options.now ?? h.lastTime, h.lastTime);
    const segments = h.segments.map((seg) => ({ start: seg.start, end: seg.end ?? end }));
    const tasks = orderedTasks(s);
    const wall = (b: AttemptBar): number => Math.max(0, (b.end ?? end) - b.start);
    const taskMs = new Map<string, number>();
    for (const b of h.bars) taskMs.set(b.taskId, (taskMs.get(b.taskId) ?? 0) + wall(b));
    const critical = criticalPath(tasks, (id) => taskMs.get(id) ?? 0);
    const workers = [...new Set(h.bars.map((b) => b.workerId))].sort(naturalCompare);
    return {
      runId: this.runId ?? options.runId ?? '',
      ...defined({
        taskFile: s.taskFile,
        base: s.base,
        integrationBranch: s.integrationBranch,
        integrationHead: s.integrationHead,
        agent: this.agent,
        stopped: s.stopped,
      }),
      status: s.status,
      end,
      workers,
      bars: h.bars,
      markers: h.markers,
      segments,
      tasks,
      critical,
      figures: figures(s, h, tasks, segments, wall, critical, workers.length),
      notes: s.notes,
    };
  }
}

export function buildReportModel(events: readonly RunEvent[], options: { runId?: string } = {}): ReportModel {
  const fold = new ReportFold();
  for (const e of events) fold.apply(e);
  return fold.model(options);
}

function figures(
  s: RunState,
  h: RunHistory,
  tasks: TaskSnapshot[],
  segments: Required<Segment>[],
  wall: (b: AttemptBar) => number,
  critical: CriticalPath,
  workersUsed: number,
): ReportFigures {
  const count = (...kinds: TaskSnapshot['status'][]): number =>
    tasks.filter((t) => kinds.includes(t.status)).length;
  const workMs = h.bars.reduce((sum, b) => sum + wall(b), 0);
  const makespanMs = segments.reduce((sum, seg) => sum + (seg.end - seg.start), 0);
  const workers = Math.max(1, s.workerCount ?? workersUsed);
  const usage: Usage = {};
  for (const b of h.bars) addUsage(usage, b.usage);
  const validations = { passed: 0, failed: 0, ms: 0 };
  for (const m of h.markers) {
    if (m.kind !== 'validation') continue;
    if (m.passed) validations.passed++;
    else validations.failed++;
    validations.ms += m.end - m.start;
  }
  return {
    tasks: tasks.length,
    merged: count('merged'),
    failed: count('failed'),
    skipped: count('skipped'),
    conflicted: count('conflicted'),
    unfinished: count('pending', 'ready', 'running', 'finished'),
    attempts: h.bars.length,
    retries: h.bars.filter((b) => b.attempt > 1).length,
    replacements: h.markers.filter((m) => m.kind === 'replaced').length,
    makespanMs,
    workMs,
    criticalPathMs: critical.ms,
    lowerBoundMs: Math.max(critical.ms, workMs / workers),
    workers,
    workersUsed,
    parallelism: makespanMs > 0 ? workMs / makespanMs : 0,
    usage,
    validations,
  };
}

/** Plan order, then tasks the plan did not list (a journal from another version). */
function orderedTasks(s: RunState): TaskSnapshot[] {
  const seen = new Set<string>();
  const out: TaskSnapshot[] = [];
  for (const p of s.plan?.tasks ?? []) {
    const t = s.tasks[p.id];
    if (t && !seen.has(p.id)) {
      seen.add(p.id);
      out.push(t);
    }
  }
  for (const t of Object.values(s.tasks)) if (!seen.has(t.id)) out.push(t);
  return out;
}

function addUsage(into: Usage, more: Usage): void {
  for (const k of ['inputTokens', 'outputTokens', 'cacheReadTokens', 'costUsd'] as const) {
    const v = more[k];
    if (typeof v === 'number') into[k] = (into[k] ?? 0) + v;
  }
}

/** `worker-2` before `worker-10`. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
