/**
 * `weft spawn` as a library call. Order matters:
 *  1. validate everything (flags, plan, config, agent installed, branch, base,
 *     path) — a refusal here has created nothing;
 *  2. register the worker once a slot is free (PARALLEL_MAX_WORKERS);
 *  3. create the worktree, bring over `.env`/`.worktreeinclude` files, write
 *     the plan, run the setup command — any failure or interrupt here rolls
 *     back worktree, branch and registry entry;
 *  4. run the agent here (`wait`) or hand it to a detached supervisor.
 */
import { ensureAgentAvailable, getAdapter } from '../agents/registry.js';
import type { AgentOutcome } from '../agents/types.js';
import { RefusedError, UsageError } from '../errors.js';
import { assertValidBranchName } from '../git/branch-name.js';
import { type RepoPaths, resolveRepoAndBase } from '../git/repo-paths.js';
import { validateNewWorktree, type Worktree } from '../git/worktree.js';
import { agentConfigOf, loadWorkerConfig } from './config.js';
import { safeObserver, type WorkerObserver } from './events.js';
import { buildWorkerPrompt, readWorkerPlan, shellScriptOf, type WorkerPlan } from './instructions.js';
import type { LaunchSpec } from './launch-spec.js';
import { freePort } from './port.js';
import { prepareWorktree } from './prepare-worktree.js';
import { processRef } from './process-identity.js';
import type { WorkerRecord } from './record.js';
import { WorkerRegistry } from './registry.js';
import { runWorker } from './run-worker.js';
import { maxWorkersFrom, registerWhenFree } from './slots.js';
import { launchSupervisor } from './supervisor-launch.js';

export interface SpawnOptions {
  /** Any directory in the repository (the base `HEAD` is read here). */
  cwd: string;
  branch: string;
  task: string;
  /** Mini-plan markdown (seed 000 checkbox format). */
  plan?: string;
  /** Base ref (default HEAD). */
  from?: string;
  /** Agent name (default: config `agent`, else `shell`). */
  agent?: string;
  tools?: string[];
  model?: string;
  timeoutMs?: number;
  hangTimeoutMs?: number;
  killGraceMs?: number;
  /** true (default): run the agent in this process; false: detached supervisor, return at once. */
  wait?: boolean;
  /** Default: PARALLEL_MAX_WORKERS from `env`, else 3. */
  maxWorkers?: number;
  /** Environment for the agent and the PATH lookup (default process.env). */
  env?: NodeJS.ProcessEnv;
  heartbeatMs?: number;
  /** Abort to stop: before the agent starts everything is rolled back; after, the worker ends `stopped`. */
  signal?: AbortSignal;
  onEvent?: WorkerObserver;
}

export interface SpawnResult {
  record: WorkerRecord;
  /** Present when the agent ran in this process (`wait`). */
  outcome?: AgentOutcome;
}

interface Validated {
  repo: RepoPaths;
  target: Worktree;
  parentBranch?: string;
  plan?: WorkerPlan;
  agent: string;
  spec: Omit<LaunchSpec, 'env' | 'stateDir' | 'weftFiles'>;
  setup?: string;
  max: number;
}

async function validate(options: SpawnOptions, env: NodeJS.ProcessEnv): Promise<Validated> {
  if (options.task.trim() === '') throw new UsageError('the task is empty');
  for (const [name, ms] of [
    ['timeout', options.timeoutMs],
    ['hang timeout', options.hangTimeoutMs],
  ] as const) {
    if (ms !== undefined && !(ms > 0)) throw new UsageError(`the ${name} must be positive`);
  }
  const plan = options.plan === undefined ? undefined : readWorkerPlan(options.plan);
  const max = options.maxWorkers ?? maxWorkersFrom(env);
  assertValidBranchName(options.branch);
  // One git process finds the repository and resolves the base.
  const { repo, base } = await resolveRepoAndBase(options.cwd, options.from ?? 'HEAD');
  const config = await loadWorkerConfig(repo.top);
  const agent = options.agent ?? config.agent ?? 'shell';
  const agentConfig = agentConfigOf(config);
  await ensureAgentAvailable(getAdapter(agent, agentConfig), env);
  const target = await validateNewWorktree(repo, {
    branch: options.branch,
    base: options.from,
    cwd: options.cwd,
    resolvedBase: base,
  });
  // The worker reports to the branch it starts from (for HEAD: the branch checked out there).
  const parentBranch = target.baseBranch;
  const task = options.task.trim();
  return {
    repo,
    target,
    parentBranch,
    plan,
    agent,
    setup: config.setup,
    max,
    spec: {
      agent,
      agentConfig,
      prompt: buildWorkerPrompt(task, plan),
      script: shellScriptOf(task),
      tools: options.tools,
      model: options.model,
      timeoutMs: options.timeoutMs,
      hangTimeoutMs: options.hangTimeoutMs,
      killGraceMs: options.killGraceMs,
      doneSteps: plan?.steps ?? [task.split('\n', 1)[0] as string],
      heartbeatMs: options.heartbeatMs,
    },
  };
}

function portNotIn(candidate: number, taken: ReadonlySet<number>): Promise<number> {
  return taken.has(candidate) ? freePort(taken) : Promise.resolve(candidate);
}

export async function spawnWorker(options: SpawnOptions): Promise<SpawnResult> {
  const env = options.env ?? process.env;
  const wait = options.wait ?? true;
  const emit = safeObserver(options.onEvent);
  const v = await validate(options, env);
  const registry = new WorkerRegistry(v.repo);
  // Found before taking the repository lock; re-picked under it only if a live worker holds it.
  const candidatePort = await freePort();
  const registered = await registerWhenFree(
    registry,
    {
      max: v.max,
      wait,
      signal: options.signal,
      onWaiting: (running, max) => emit({ type: 'waiting-for-slot', running, max }),
    },
    v.target.branch,
    async (id, active) => ({
      version: 1 as const,
      id,
      branch: v.target.branch,
      worktree: v.target.path,
      baseRef: v.target.baseRef,
      baseCommit: v.target.baseCommit,
      parentBranch: v.parentBranch,
      agent: v.agent,
      task: options.task.trim(),
      planSteps: v.plan?.steps ?? [],
      state: 'running',
      // Registered now: time spent waiting for a slot is not the worker's.
      startedAt: new Date().toISOString(),
      heartbeatAt: new Date().toISOString(),
      owner: processRef(process.pid),
      port: await portNotIn(candidatePort, new Set(active.map((r) => r.port))),
      timeoutMs: options.timeoutMs,
      usage: {},
      logFile: registry.files(id).log,
      weftFiles: [],
    }),
  );

  const prepared = await prepareWorktree({
    registry,
    record: registered,
    target: v.target,
    plan: v.plan,
    setup: v.setup,
    env,
    passEnv: wait && options.env !== undefined,
    signal: options.signal,
    emit,
  });
  const spec: LaunchSpec = { ...v.spec, ...prepared.launch };

  if (!wait) {
    const record = await launchSupervisor(registry, prepared.record, spec, env).catch(
      async (err: unknown) => {
        await prepared.rollback();
        throw err;
      },
    );
    emit({ type: 'supervisor-started', pid: record.owner.pid });
    return { record };
  }
  if (options.signal?.aborted) {
    await prepared.rollback();
    throw new RefusedError('E_INTERRUPTED', 'interrupted before the agent started; nothing was kept');
  }
  return runWorker({ registry, record: prepared.record, spec, signal: options.signal, onEvent: emit });
}
