/**
 * The loop of `weft run`: it asks the scheduler (pure data) for work whenever
 * something changed — an attempt ended, a merge landed, a lock was released —
 * starts attempts on free worker slots, and integrates finished branches one at
 * a time. It never polls for work. Output goes only through the event bus.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentAdapter, Usage } from '../agents/types.js';
import { SessionError } from '../errors.js';
import type { RepoPaths } from '../git/repo-paths.js';
import type { RepoContext } from '../scout/scout.js';
import type { Task } from '../tasks/types.js';
import { chaosPoint } from '../util/chaos-point.js';
import { shortList } from '../util/short-list.js';
import { freePort } from '../workers/port.js';
import { type AttemptResult, attemptEnv, runAttempt } from './attempt.js';
import { ConflictWatch } from './conflict-watch.js';
import type { EventBus } from './event-bus.js';
import type { RunSummary } from './events.js';
import { Integrator } from './integrator.js';
import { MergeHold } from './merge-hold.js';
import { taskBranchName } from './options.js';
import { attemptPrompt } from './prompt.js';
import type { Scheduler } from './scheduler.js';
import { addUsage } from './summary.js';
import type { WorkerWorktrees } from './worker-worktrees.js';

export interface OrchestratorConfig {
  repo: RepoPaths;
  runId: string;
  sessionDir: string;
  integrationBranch: string;
  tasks: ReadonlyMap<string, Task>;
  adapters: ReadonlyMap<string, AgentAdapter>;
  workers: number;
  timeoutMs: number;
  hangTimeoutMs: number;
  killGraceMs: number;
  validate: string | undefined;
  tools: string[] | undefined;
  env: Record<string, string>;
  context: RepoContext;
  /** Finished branches from an interrupted run, integrated without re-running the agent. */
  reuse: { taskId: string; branch: string }[];
  /** Attempt branches an interrupted run already made (never reused for a new attempt). */
  knownBranches: string[];
}

export interface LoopResult {
  stopped?: { reason: string; critical: boolean };
  /** A journal write failed: the run stopped and the journal could not say so. */
  sessionError?: SessionError;
  agentMs: number;
  workersUsed: number;
  usage: Usage;
  /** Every attempt branch with its base, for the end-of-run bookkeeping. */
  attempts: { taskId: string; branch: string; baseCommit: string; merged: boolean }[];
  /** Branches weft made to keep work done off an attempt branch (never deleted while they hold work). */
  rescued: string[];
  /** Things the user should know that did not stop the run. */
  warnings: string[];
}

interface Running {
  taskId: string;
  abort: AbortController;
}

export class Orchestrator {
  private readonly slots: string[];
  private readonly running = new Map<string, Running>();
  private readonly usedSlots = new Set<string>();
  private readonly ports = new Set<number>();
  private readonly attempts: LoopResult['attempts'] = [];
  private readonly rescued: string[] = [];
  private readonly hold = new MergeHold(() => this.afterChange());
  private readonly branchOf = new Map<string, string>();
  private readonly branchesUsed: Set<string>;
  private readonly integrator: Integrator;
  private readonly conflicts: ConflictWatch;
  private readonly usage: Usage = {};
  private agentMs = 0;
  private stopped: LoopResult['stopped'];
  private sessionError: SessionError | undefined;
  private reportedWaits = new Set<string>();
  private resolveDone: (() => void) | undefined;

  constructor(
    private readonly config: OrchestratorConfig,
    private readonly scheduler: Scheduler,
    private readonly bus: EventBus,
    private readonly worktrees: WorkerWorktrees,
  ) {
    this.slots = Array.from({ length: config.workers }, (_, i) => `worker-${i + 1}`);
    this.branchesUsed = new Set(config.knownBranches);
    this.integrator = new Integrator({
      repo: config.repo,
      integrationBranch: config.integrationBranch,
      validate: config.validate,
      sessionDir: config.sessionDir,
      validateWorktree: worktrees.pathOf('validate'),
      env: config.env,
      scheduler,
      bus,
      tasks: config.tasks,
      onChange: () => this.afterChange(),
      onFatal: (err) => this.fatal(err),
      isStopping: () => this.stopped !== undefined,
      rescuePrefix: `weft/tasks/${config.runId}/`,
    });
    this.conflicts = new ConflictWatch({
      repo: config.repo.top,
      integrationHead: () => this.integrator.head(),
      onConflict: (c) => this.emit({ type: 'conflict.predicted', a: c.a, b: c.b, files: c.files }),
    });
  }

  /** Run until every task is merged, skipped or conflicted, or the run is stopped. */
  async run(signal?: AbortSignal): Promise<LoopResult> {
    const done = new Promise<void>((resolve) => {
      this.resolveDone = resolve;
    });
    const onAbort = (): void => this.stop('interrupted', false);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (const r of this.config.reuse) {
        this.branchOf.set(r.taskId, r.branch);
        this.integrator.enqueue(r.taskId, r.branch);
      }
      if (this.config.reuse.length === 0 && !this.stopped) {
        const first = this.slots.slice(0, this.scheduler.idsIn('ready').length); // the first attempts' worktrees
        await this.worktrees.prepare(first, () => this.integrator.head());
      }
      this.afterChange();
      await done;
      await this.integrator.idle();
      // An agent that committed on the integration branch after the last merge: undo that too.
      await this.integrator.guard().catch((err: unknown) => this.fatal(err));
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.hold.dispose();
      await this.integrator.close();
    }
    return {
      ...(this.stopped ? { stopped: this.stopped } : {}),
      ...(this.sessionError ? { sessionError: this.sessionError } : {}),
      agentMs: this.agentMs,
      workersUsed: this.usedSlots.size,
      usage: this.usage,
      attempts: this.attempts.map((a) => ({
        ...a,
        merged: this.scheduler.state(a.taskId).kind === 'merged',
      })),
      rescued: [...this.rescued, ...this.integrator.restored.flatMap((r) => r.rescues ?? [])],
      warnings: this.integrator.restored.map((r) => r.message),
    };
  }

  /** Stop starting work and stop every running agent; their work is committed. */
  stop(reason: string, critical: boolean): void {
    if (this.stopped) return;
    this.stopped = { reason, critical };
    for (const r of this.running.values()) r.abort.abort();
    this.checkDone();
  }

  private fatal(err: unknown): void {
    if (err instanceof SessionError) {
      this.sessionError ??= err;
      this.stop(err.message, true);
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    this.stop(`internal error: ${message}`, true);
  }

  /** Something changed: look for work, report long lock waits, check for the end. */
  private afterChange(): void {
    if (!this.stopped) {
      const critical = this.scheduler.criticalFailure();
      if (critical) {
        const reason =
          critical.kind === 'all-p0-failed'
            ? `every P0 task failed or was skipped (${shortList(critical.tasks)})`
            : `every task failed so far (${shortList(critical.failedTasks)}): likely a systemic problem, not retrying`;
        this.stop(reason, true);
      }
    }
    if (!this.stopped) this.dispatch();
    this.checkDone();
  }

  private dispatch(): void {
    let free = this.slots.filter((slot) => !this.running.has(slot)).length;
    const wanted = free > 0 && this.integrator.busy ? this.scheduler.awaitedMergesUnlock() : 0;
    const held = this.hold.held(free, wanted);
    for (const slot of this.slots) {
      if (this.running.has(slot)) continue;
      if (free <= held) break;
      const next = this.scheduler.nextTask(slot);
      if (!next) continue;
      this.scheduler.start(next.id, slot);
      const abort = new AbortController();
      this.running.set(slot, { taskId: next.id, abort });
      this.usedSlots.add(slot);
      free--;
      void this.attempt(slot, next.id, next.attempt, next.previousFailure, abort.signal);
    }
    for (const w of this.scheduler.lockWaits(this.config.workers * 2)) {
      const key = `${w.taskId}\0${w.holder}`;
      if (this.reportedWaits.has(key)) continue;
      this.reportedWaits.add(key);
      this.emit({ type: 'lock.waiting', taskId: w.taskId, path: w.path, holder: w.holder, rounds: w.rounds });
    }
  }

  private checkDone(): void {
    const idle = this.running.size === 0 && !this.integrator.busy;
    if (idle && (this.stopped || this.scheduler.isDone())) this.resolveDone?.();
  }

  private async attempt(
    slot: string,
    taskId: string,
    attempt: number,
    previousFailure: { reason: string; conflictFiles?: string[] } | undefined,
    signal: AbortSignal,
  ): Promise<void> {
    const task = this.config.tasks.get(taskId)!;
    const branch = this.uniqueBranch(taskBranchName(this.config.runId, taskId, attempt));
    let port: number | undefined;
    let result: AttemptResult;
    try {
      const baseCommit = await this.integrator.head();
      this.attempts.push({ taskId, branch, baseCommit, merged: false });
      // The worktree is switched while the event is made durable; the agent starts after both.
      const [, wt] = await Promise.all([
        this.bus.emit({
          type: 'task.started',
          taskId,
          workerId: slot,
          attempt,
          branch,
          baseCommit,
          worktree: this.worktrees.pathOf(slot),
          locks: this.scheduler.task(taskId).locks,
          agent: this.config.adapters.get(taskId)?.name ?? 'shell',
        }),
        this.worktrees.checkout(slot, branch, baseCommit, this.config.integrationBranch),
      ]);
      chaosPoint('attempt:started');
      this.conflicts.start(taskId, wt.path);
      port = await freePort(this.ports);
      this.ports.add(port);
      result = await runAttempt({
        repo: this.config.repo,
        task,
        attempt,
        workerId: slot,
        branch,
        baseCommit,
        baseTree: this.integrator.knownTree(baseCommit),
        commits: this.integrator.commits,
        worktree: wt.path,
        adapter: this.config.adapters.get(taskId)!,
        prompt: attemptPrompt(this.config, task, slot, branch, previousFailure),
        logFile: join(this.config.sessionDir, 'logs', `${taskId}.${attempt}.log`),
        stateDir: join(this.config.sessionDir, 'agents', slot),
        env: attemptEnv(this.config, taskId, slot, port),
        timeoutMs: task.timeoutMs ?? this.config.timeoutMs,
        hangTimeoutMs: this.config.hangTimeoutMs,
        killGraceMs: this.config.killGraceMs,
        ...(this.config.tools ? { tools: this.config.tools } : {}),
        signal,
        weftFiles: await this.worktrees.weftFiles(),
        onSpawn: () => chaosPoint('agent:spawned'),
        onEvent: (e) => {
          if (e.type === 'file') chaosPoint('agent:file');
          this.bus.activity(slot, taskId, e);
          if (e.type === 'file' || e.type === 'tool') this.conflicts.touched(taskId);
        },
      });
      this.conflicts.stop(taskId);
      // Its leftovers are committed; a Verify command may have left build output behind.
      if (!task.verify) this.worktrees.markTidy(slot);
    } catch (err) {
      this.conflicts.stop(taskId);
      if (err instanceof SessionError) return this.endAttempt(slot, port, () => this.fatal(err));
      const why = err instanceof Error ? err.message : String(err);
      // Deleted by hand mid-attempt: say so (git's own error names the wrong folder); the retry recreates it.
      const gone = !existsSync(join(this.worktrees.pathOf(slot), '.git'));
      result = {
        ok: false,
        failure: 'crashed',
        reason: gone
          ? `its worktree ${this.worktrees.pathOf(slot)} was deleted while the attempt ran`
          : `weft could not run the attempt: ${why}`,
        commit: '',
        usage: {},
        agentMs: 0,
      };
    }
    if (!result.ok && result.keptBranch) this.rescued.push(result.keptBranch);
    this.agentMs += result.agentMs;
    addUsage(this.usage, result.usage);
    await this.endAttempt(slot, port, () => this.record(slot, taskId, attempt, branch, result, signal));
  }

  private async endAttempt(slot: string, port: number | undefined, then: () => unknown): Promise<void> {
    try {
      await then();
    } finally {
      this.running.delete(slot);
      if (port !== undefined) this.ports.delete(port);
      this.afterChange();
    }
  }

  private async record(
    slot: string,
    taskId: string,
    attempt: number,
    branch: string,
    result: AttemptResult,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      if (result.ok) {
        this.scheduler.finish(taskId);
        this.branchOf.set(taskId, branch);
        // Merging starts while the event is made durable: the journal keeps events in order, and
        // resume recognises a merge whose events were lost.
        const finished = this.bus.emit({
          type: 'task.finished',
          taskId,
          attempt,
          workerId: slot,
          commit: result.commit,
          usage: result.usage,
          durationMs: result.agentMs,
          files: result.files,
        });
        this.integrator.enqueue(taskId, branch, result.commit);
        await finished;
        chaosPoint('attempt:finished');
        if (result.finalMessage) {
          await this.bus.emit({
            type: 'task.output',
            taskId,
            attempt,
            text: result.finalMessage.slice(-2000),
          });
        }
        return;
      }
      if (signal.aborted && this.stopped) return; // cut short by weft stopping: resume starts it again
      const change = this.scheduler.fail(taskId, result.reason);
      await this.bus.emit({
        type: 'task.failed',
        taskId,
        attempt,
        workerId: slot,
        reason: result.reason,
        willRetry: change.requeued.includes(taskId),
        branch,
      });
      chaosPoint('attempt:failed');
      if (result.failure === 'crashed' || result.failure === 'hung' || result.failure === 'timed-out') {
        await this.bus.emit({ type: 'worker.replaced', workerId: slot, reason: result.reason, taskId });
      }
      await this.bus.announce(change);
    } catch (err) {
      this.fatal(err);
    }
  }

  /** An attempt branch name no earlier attempt used (a resumed run may repeat an attempt number). */
  private uniqueBranch(name: string): string {
    let candidate = name;
    for (let k = 2; this.branchesUsed.has(candidate); k++) candidate = `${name}-r${k}`;
    this.branchesUsed.add(candidate);
    return candidate;
  }

  private emit(input: Parameters<EventBus['emit']>[0]): void {
    this.bus.emit(input).catch((err: unknown) => this.fatal(err));
  }
}

export type { RunSummary };
