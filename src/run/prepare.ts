/**
 * Everything `weft run` checks and sets up before the first worker starts.
 * Every check that can refuse runs before anything is written: a bad task
 * file, an unknown or missing agent, a bad base, a task id that cannot be a
 * branch name. Then: the run lock, the session folder, scout, the plan, the
 * integration branch.
 */
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { ensureAgentAvailable, getAdapter } from '../agents/registry.js';
import type { AgentAdapter } from '../agents/types.js';
import { BranchError, UsageError } from '../errors.js';
import { branchNameProblem } from '../git/branch-name.js';
import { ensureExcluded } from '../git/exclude.js';
import { git, noCommitError, resolveCommit } from '../git/git.js';
import { withRepoLock } from '../git/repo-lock.js';
import { type RepoPaths, resolveRepo } from '../git/repo-paths.js';
import { WEFT_EXCLUDES } from '../git/worktree.js';
import { loadPlan } from '../graph/load.js';
import type { ExecutionPlan } from '../graph/plan.js';
import { toExecutionPlanJson } from '../graph/plan-json.js';
import type { TaskGraph } from '../graph/types.js';
import { newRunId } from '../journal/run-id.js';
import { acquireRunLock, type RunLock } from '../journal/run-lock.js';
import { createSession, type Session } from '../journal/session.js';
import { type RepoContext, scoutRepo } from '../scout/scout.js';
import type { Task, TaskFile } from '../tasks/types.js';
import { chaosPoint } from '../util/chaos-point.js';
import { shortList } from '../util/short-list.js';
import { agentConfigOf, loadWorkerConfig } from '../workers/config.js';
import { DEFAULTS, integrationBranchName, type RunOptions, taskBranchName } from './options.js';

export interface RunSetup {
  repo: RepoPaths;
  taskFilePath: string;
  taskFile: TaskFile;
  graph: TaskGraph;
  plan: ExecutionPlan;
  tasks: Map<string, Task>;
  adapters: Map<string, AgentAdapter>;
  defaultAgent: string;
  workers: number;
  base: string;
  baseCommit: string;
  validate: string | undefined;
  timeoutMs: number;
  hangTimeoutMs: number;
  maxAttempts: number;
  warnings: string[];
}

/** Checks only: nothing is written. */
export async function checkRun(options: RunOptions): Promise<RunSetup> {
  const repo = await resolveRepo(options.cwd);
  const taskFilePath = resolve(options.cwd, options.taskFile);
  const loaded = await loadPlan(taskFilePath, { workers: options.workers, maxWorkers: options.maxWorkers });
  const { taskFile, graph, plan } = loaded;
  const settings = taskFile.settings;
  const config = await loadWorkerConfig(repo.top);
  const chosenAgent = options.agent ?? settings.agent ?? config.agent;
  const defaultAgent = chosenAgent ?? 'shell';
  const adapters = await resolveAdapters(taskFile.tasks, defaultAgent, agentConfigOf(config));

  const chosenBase = options.base ?? settings.base;
  const base = chosenBase ?? (await currentBranchOrHead(repo.top));
  const baseCommit = await resolveCommit(base, repo.top);
  if (baseCommit === undefined) throw await noCommitError(base, repo.top, `base "${base}"`);
  checkTaskBranchNames(taskFile.tasks);
  const [, unseen] = await Promise.all([
    options.mergeInto === undefined ? undefined : checkMergeInto(options.mergeInto, repo.top),
    changesOutsideBase(repo.top, baseCommit, taskFilePath, chosenBase === undefined),
  ]);

  const warnings = loaded.warnings.map(
    (w) => `${relative(options.cwd, w.file) || w.file}:${w.line}: ${w.message}`,
  );
  if (chosenAgent === undefined) {
    const asText = taskFile.tasks.filter((t) => !t.done && t.agent === undefined && t.script === undefined);
    if (asText.length > 0) warnings.push(shellTextWarning(asText.map((t) => t.id)));
  }
  if (unseen.length > 0) warnings.push(unseenChangesWarning(unseen, base, baseCommit));
  if (loaded.workerCount.requested !== undefined) {
    warnings.push(
      `workers capped at ${loaded.workerCount.workers} by PARALLEL_MAX_WORKERS (asked for ${loaded.workerCount.requested})`,
    );
  }
  return {
    repo,
    taskFilePath,
    taskFile,
    graph,
    plan,
    tasks: new Map(taskFile.tasks.map((t) => [t.id, t])),
    adapters,
    defaultAgent,
    workers: loaded.workerCount.workers,
    base,
    baseCommit,
    validate: options.validate ?? settings.validate,
    timeoutMs: options.timeoutMs ?? settings.timeoutMs ?? DEFAULTS.timeoutMs,
    hangTimeoutMs: options.hangTimeoutMs ?? settings.hangTimeoutMs ?? DEFAULTS.hangTimeoutMs,
    maxAttempts: options.maxAttempts ?? settings.maxAttempts ?? DEFAULTS.maxAttempts,
    warnings,
  };
}

/**
 * What the checkout holds beyond its last commit, when that commit is the
 * base: the agents start from the commit and will not see it. The task file
 * and weft's own folders do not count. `baseIsCheckout`: the base is the
 * checkout's own branch (or HEAD), so HEAD need not be asked for.
 */
async function changesOutsideBase(
  top: string,
  baseCommit: string,
  taskFilePath: string,
  baseIsCheckout: boolean,
): Promise<string[]> {
  if (!baseIsCheckout && (await resolveCommit('HEAD', top)) !== baseCommit) return [];
  const status = await git(['status', '--porcelain=v1', '-z', '--untracked-files=normal'], { cwd: top });
  const taskFile = relative(top, taskFilePath);
  const entries = status.stdout.split('\0');
  const paths: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as string;
    if (entry.length < 4) continue;
    if (entry[0] === 'R' || entry[0] === 'C') i++; // the entry after a rename or copy is its origin
    const path = entry.slice(3);
    if (path !== taskFile && !/^\.(weft|trees)(\/|$)/.test(path)) paths.push(path);
  }
  return paths;
}

function unseenChangesWarning(paths: readonly string[], base: string, baseCommit: string): string {
  const commit = base === baseCommit ? baseCommit.slice(0, 10) : `of ${base} (${baseCommit.slice(0, 10)})`;
  return (
    `your checkout has changes that are not committed (${shortList(paths, 5)}); the agents start from the ` +
    `last commit ${commit} and will not see them: commit them first if the tasks need them`
  );
}

/** Tasks the shell agent will run as commands only because no agent was chosen. */
function shellTextWarning(ids: readonly string[]): string {
  const shown = shortList(ids, 5);
  return (
    `no agent chosen, so the built-in shell agent runs ${ids.length === 1 ? 'the text of the task' : 'the text of the tasks'} ` +
    `without a \`\`\`sh block as shell commands (${shown}); for an AI agent pass --agent claude (or codex, gemini, …) ` +
    'or set `agent:` in the front matter'
  );
}

/** One adapter per task to run; every agent binary is checked before anything is created. */
export async function resolveAdapters(
  tasks: readonly Task[],
  defaultAgent: string,
  config: ReturnType<typeof agentConfigOf>,
): Promise<Map<string, AgentAdapter>> {
  const byName = new Map<string, AgentAdapter>();
  const byTask = new Map<string, AgentAdapter>();
  for (const t of tasks) {
    if (t.done) continue;
    const name = t.agent ?? defaultAgent;
    let adapter = byName.get(name);
    if (!adapter) {
      adapter = getAdapter(name, config);
      await ensureAgentAvailable(adapter);
      byName.set(name, adapter);
    }
    byTask.set(t.id, adapter);
  }
  return byTask;
}

async function currentBranchOrHead(top: string): Promise<string> {
  const r = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: top, okCodes: [1] });
  return r.exitCode === 0 ? r.stdout.trim() : 'HEAD';
}

/** Checked in process (git's rules, `branch-name.ts`): a git process per task cost 30 s at 10,000 tasks. */
function checkTaskBranchNames(tasks: readonly Task[]): void {
  const sample = newRunId();
  const problems: string[] = [];
  for (const t of tasks) {
    if (branchNameProblem(taskBranchName(sample, t.id, 2)) !== undefined)
      problems.push(`task id "${t.id}" cannot be part of a git branch name`);
  }
  if (problems.length > 0) throw new BranchError(problems[0] as string, { details: problems.slice(1) });
}

/** `--merge-into` is checked before anything runs: a typo must not surface only after the agents' work. */
async function checkMergeInto(branch: string, top: string): Promise<void> {
  const problem = branchNameProblem(branch);
  if (problem) throw new BranchError(`--merge-into: not a valid git branch name: ${problem}`);
  const r = await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], {
    cwd: top,
    okCodes: [1],
  });
  if (r.exitCode !== 0) {
    throw new UsageError(`--merge-into: there is no branch ${branch} in this repository`, {
      details: [
        'weft fast-forwards an existing branch at the end of the run: create it first, or leave the flag out and merge the integration branch yourself',
      ],
    });
  }
}

export interface StartedRun {
  runId: string;
  session: Session;
  runLock: RunLock;
  context: RepoContext;
  integrationBranch: string;
}

/** The run lock, the session folder, scout, the plan file and the integration branch. */
export async function startRun(setup: RunSetup): Promise<StartedRun> {
  const runId = newRunId();
  const runLock = await acquireRunLock(setup.repo.top, { runId });
  try {
    chaosPoint('run:locked');
    await ensureExcluded(setup.repo, WEFT_EXCLUDES);
    const session = await createSession(setup.repo.top, { runId });
    chaosPoint('run:session');
    const context = await scoutRepo(setup.repo.top);
    await writeFile(join(session.dir, 'context.json'), `${JSON.stringify(context, null, 2)}\n`);
    await writeFile(join(session.dir, 'execution-plan.json'), toExecutionPlanJson(setup.plan));
    chaosPoint('run:scouted');
    const integrationBranch = integrationBranchName(runId);
    await withRepoLock(setup.repo.commonDir, () =>
      git(['branch', '--no-track', '--', integrationBranch, setup.baseCommit], { cwd: setup.repo.top }),
    );
    chaosPoint('run:branch');
    return { runId, session, runLock, context, integrationBranch };
  } catch (err) {
    await runLock.release();
    throw err;
  }
}
