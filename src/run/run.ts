/**
 * `run(options)`: weft's main job as a library call. Returns a handle with
 * typed events and a promise of the result; the CLI uses exactly this.
 */
import { relative } from 'node:path';
import { gitOut } from '../git/git.js';
import { SessionRecorder } from '../journal/session-recorder.js';
import type { Task } from '../tasks/types.js';
import { chaosPoint } from '../util/chaos-point.js';
import { EventBus } from './event-bus.js';
import type { RunEvent, RunEventOf, RunEventType, RunSummary } from './events.js';
import {
  type MergeIntoResult,
  mergeInto,
  pruneAttemptBranches,
  pruneEmptyAttempts,
  unmergedBranches,
} from './finalize.js';
import { schedulableTasks } from './from-graph.js';
import { DEFAULTS, type RunObserver, type RunOptions } from './options.js';
import { type LoopResult, Orchestrator } from './orchestrator.js';
import { stopProcessesUnder } from './orphans.js';
import { checkRun, type RunSetup, type StartedRun, startRun } from './prepare.js';
import { Scheduler } from './scheduler.js';
import { summarise } from './summary.js';
import { WorkerWorktrees } from './worker-worktrees.js';

export interface RunResult {
  runId: string;
  sessionDir: string;
  summary: RunSummary;
  /** Set when the run stopped before every task was settled. */
  stopped?: { reason: string; critical: boolean };
  mergedInto?: MergeIntoResult;
  /** Plan warnings (e.g. two tasks modifying one file). */
  warnings: string[];
}

export interface RunHandle {
  /** Listen to one type of event, or every event with '*'. */
  on<T extends RunEventType>(type: T, listener: (event: RunEventOf<T>) => void): RunHandle;
  on(type: '*', listener: (event: RunEvent) => void): RunHandle;
  /** Stop the run as Ctrl-C does: agents stopped, their work committed, resumable. */
  stop(): void;
  readonly result: Promise<RunResult>;
}

/** Shared by `run` and `resume`: the handle's listeners and stop control. */
export class HandleControl implements RunObserver {
  private readonly listeners = new Map<string, ((e: RunEvent) => void)[]>();
  readonly abort = new AbortController();

  onEvent(event: RunEvent): void {
    for (const key of [event.type, '*']) for (const l of this.listeners.get(key) ?? []) l(event);
  }

  add(type: string, listener: (e: RunEvent) => void): void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
  }

  handle(result: Promise<RunResult>): RunHandle {
    const handle: RunHandle = {
      on: (type: string, listener: (e: never) => void) => {
        this.add(type, listener as (e: RunEvent) => void);
        return handle;
      },
      stop: () => this.abort.abort(),
      result,
    };
    return handle;
  }

  /** Abort when either the user's signal or `stop()` fires. */
  signal(user: AbortSignal | undefined): AbortSignal {
    return user ? AbortSignal.any([user, this.abort.signal]) : this.abort.signal;
  }
}

export function run(options: RunOptions): RunHandle {
  const control = new HandleControl();
  const result = (async () => {
    const setup = await checkRun(options);
    const started = await startRun(setup);
    return execute(setup, started, {
      ...options,
      observers: [...(options.observers ?? []), control],
      signal: control.signal(options.signal),
    });
  })();
  return control.handle(result);
}

export interface ExecuteExtras {
  /** Resume: the scheduler built from the journal, and the events that say so. */
  scheduler?: Scheduler;
  lastSeq?: number;
  recorder?: SessionRecorder;
  reuse?: { taskId: string; branch: string }[];
  knownBranches?: string[];
  announce?: (bus: EventBus) => Promise<void>;
  /** When the run first started (resume keeps the original). */
  startedAt?: number;
}

/** From a prepared session to the result: the loop, then the end-of-run bookkeeping. */
export async function execute(
  setup: RunSetup,
  started: StartedRun,
  options: Omit<RunOptions, 'taskFile' | 'cwd'>,
  extras: ExecuteExtras = {},
): Promise<RunResult> {
  const startedAt = extras.startedAt ?? Date.now();
  const recorder = extras.recorder ?? (await SessionRecorder.open(started.session));
  const worktrees = new WorkerWorktrees(setup.repo);
  try {
    const bus = new EventBus(recorder, options.observers ?? [], extras.lastSeq ?? 0);
    const scheduler = extras.scheduler ?? newScheduler(setup, options.scheduling ?? 'critical-path');
    if (extras.announce) await extras.announce(bus);
    else await announceStart(bus, setup, started, options, scheduler);
    // This run holds the run lock: anything still running in the pool was left by a weft that died.
    const orphans = await stopProcessesUnder(worktrees.root);
    if (orphans.length > 0) {
      await bus.emit({
        type: 'worker.replaced',
        workerId: 'all',
        reason: `stopped ${orphans.length} agent process(es) left running by an interrupted weft`,
      });
    }
    const orchestrator = new Orchestrator(
      {
        repo: setup.repo,
        runId: started.runId,
        sessionDir: started.session.dir,
        integrationBranch: started.integrationBranch,
        tasks: setup.tasks,
        adapters: setup.adapters,
        workers: setup.workers,
        timeoutMs: setup.timeoutMs,
        hangTimeoutMs: setup.hangTimeoutMs,
        killGraceMs: options.killGraceMs ?? DEFAULTS.killGraceMs,
        validate: setup.validate,
        tools: options.tools,
        env: options.env ?? {},
        context: started.context,
        reuse: extras.reuse ?? [],
        knownBranches: extras.knownBranches ?? [],
      },
      scheduler,
      bus,
      worktrees,
    );
    const loop = await orchestrator.run(options.signal);
    if (loop.sessionError) throw loop.sessionError;
    return await conclude(setup, started, options, {
      loop,
      scheduler,
      bus,
      worktrees,
      startedAt,
      earlierBranches: extras.knownBranches ?? [],
    });
  } finally {
    await recorder.close().catch(() => undefined);
    await started.runLock.release();
  }
}

/**
 * The scheduler of a fresh run. `fifo` and `groups` (seed 003's barrier
 * between plan groups, as extra dependencies on every task of the previous
 * group) exist only so benchmarks can compare them side by side.
 */
function newScheduler(setup: RunSetup, scheduling: NonNullable<RunOptions['scheduling']>): Scheduler {
  let tasks = schedulableTasks(setup.graph);
  if (scheduling === 'groups') {
    const groups = setup.plan.groups;
    const previous = new Map<string, string[]>();
    groups.forEach((g, i) => {
      for (const id of g.tasks) previous.set(id, i > 0 ? [...(groups[i - 1]?.tasks ?? [])] : []);
    });
    tasks = tasks.map((t) => ({
      ...t,
      dependsOn: [...new Set([...t.dependsOn, ...(previous.get(t.id) ?? [])])],
    }));
  }
  return new Scheduler(tasks, {
    maxAttempts: setup.maxAttempts,
    order: scheduling === 'fifo' ? 'fifo' : 'critical-path',
  });
}

async function announceStart(
  bus: EventBus,
  setup: RunSetup,
  started: StartedRun,
  options: Omit<RunOptions, 'taskFile' | 'cwd'>,
  scheduler: Scheduler,
): Promise<void> {
  await bus.emit({
    type: 'run.started',
    runId: started.runId,
    taskFile: relative(setup.repo.top, setup.taskFilePath),
    base: setup.base,
    baseCommit: setup.baseCommit,
    integrationBranch: started.integrationBranch,
    workers: setup.workers,
    agent: options.agent ?? setup.defaultAgent,
    maxAttempts: setup.maxAttempts,
    ...(setup.warnings.length > 0 ? { warnings: setup.warnings } : {}),
    plan: {
      tasks: setup.taskFile.tasks.map((t: Task) => ({
        id: t.id,
        title: t.title,
        priority: t.priority,
        dependsOn: setup.graph.nodes.get(t.id)?.deps.map((e) => e.from) ?? [],
        files: t.files.map((f) => f.path),
        ...(t.done ? { done: true } : {}),
      })),
      groups: setup.plan.groups.map((g) => ({ id: g.id, taskIds: [...g.tasks] })),
    },
  });
  await bus.emitAll(scheduler.idsIn('ready').map((id) => ({ type: 'task.ready', taskId: id })));
}

async function conclude(
  setup: RunSetup,
  started: StartedRun,
  options: Omit<RunOptions, 'taskFile' | 'cwd'>,
  s: {
    loop: LoopResult;
    scheduler: Scheduler;
    bus: EventBus;
    worktrees: WorkerWorktrees;
    startedAt: number;
    /** Attempt branches of the run before it was resumed: reported or pruned like this process's own. */
    earlierBranches: readonly string[];
  },
): Promise<RunResult> {
  const { loop, scheduler, bus } = s;
  // Every attempt has ended and committed its work: free the branches, keep (or drop) the pool.
  chaosPoint('finish:start');
  if (options.pool === false) await s.worktrees.removeAll();
  else await s.worktrees.release();
  let kept = [...s.earlierBranches, ...loop.rescued, ...loop.attempts.map((a) => a.branch)];
  let merged: MergeIntoResult | undefined;
  if (loop.stopped) {
    const attempts = loop.attempts.map((a) => ({
      ...a,
      keep: scheduler.state(a.taskId).kind === 'finished',
    }));
    const mine = new Set(attempts.map((a) => a.branch));
    const earlier = [...s.earlierBranches, ...loop.rescued].filter((b) => !mine.has(b));
    kept = [
      ...(await unmergedBranches(setup.repo, started.integrationBranch, earlier)),
      ...(await pruneEmptyAttempts(setup.repo, attempts)),
    ];
  } else {
    kept = (await pruneAttemptBranches(setup.repo, started.integrationBranch, kept)).kept;
    if (options.mergeInto) merged = await mergeInto(setup.repo, options.mergeInto, started.integrationBranch);
  }
  chaosPoint('finish:pruned');
  const integrationCommit = await gitOut(['rev-parse', `refs/heads/${started.integrationBranch}`], {
    cwd: setup.repo.top,
  });
  const summary = summarise({
    scheduler,
    startedAt: s.startedAt,
    agentMs: loop.agentMs,
    workersUsed: loop.workersUsed,
    usage: loop.usage,
    integrationBranch: started.integrationBranch,
    integrationCommit,
    unmergedBranches: kept,
    doneIds: new Set(setup.taskFile.tasks.filter((t) => t.done).map((t) => t.id)),
  });
  if (loop.stopped)
    await bus.emit({ type: 'run.stopped', reason: loop.stopped.reason, critical: loop.stopped.critical });
  else await bus.emit({ type: 'run.finished', summary });
  return {
    runId: started.runId,
    sessionDir: started.session.dir,
    summary,
    ...(loop.stopped ? { stopped: loop.stopped } : {}),
    ...(merged ? { mergedInto: merged } : {}),
    warnings: [...setup.warnings, ...loop.warnings],
  };
}
