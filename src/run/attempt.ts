/**
 * One attempt of one task on one worker: point the worker's pooled worktree at
 * a new branch from the integration head, run the agent, commit whatever it
 * left, check the result. Every commit the agent made stays on the attempt's
 * branch whatever happens.
 */

import { join } from 'node:path';
import { runAgent } from '../agents/run.js';
import type { AgentAdapter, AgentEvent, AgentOutcome, Usage } from '../agents/types.js';
import type { CommitWriter } from '../git/commit-writer.js';
import { git, gitOut } from '../git/git.js';
import type { RepoPaths } from '../git/repo-paths.js';
import { TREES_DIR } from '../git/worktree.js';
import type { Task } from '../tasks/types.js';
import { chaosPoint } from '../util/chaos-point.js';
import { branchHead, commitLeftovers, commitLeftoversSince, currentBranch } from '../workers/leftovers.js';
import {
  type BranchChanges,
  branchChanges,
  deletedOutsideTask,
  parseNameStatus,
  rescueLeftBranch,
} from './attempt-checks.js';
import { runCheck } from './verify.js';

export type AttemptFailure =
  | 'crashed'
  | 'timed-out'
  | 'hung'
  | 'failed'
  | 'no-work'
  | 'verify-failed'
  | 'left-branch'
  | 'deleted-outside'
  | 'stopped';

export interface AttemptSpec {
  repo: RepoPaths;
  task: Task;
  attempt: number;
  workerId: string;
  branch: string;
  baseCommit: string;
  /** The base commit's tree, when known: spares asking git for it. */
  baseTree?: string | undefined;
  /** Writes the leftovers commit without a `commit-tree` process when it can. */
  commits?: CommitWriter;
  worktree: string;
  adapter: AgentAdapter;
  prompt: string;
  logFile: string;
  stateDir: string;
  env: Record<string, string>;
  timeoutMs: number;
  hangTimeoutMs?: number;
  killGraceMs?: number;
  tools?: string[];
  signal: AbortSignal;
  onEvent?: (e: AgentEvent) => void;
  onSpawn?: (pid: number) => void;
  /** Worktree files weft put there (`.env` copies): never committed. */
  weftFiles?: readonly string[];
}

export type AttemptResult =
  | { ok: true; commit: string; files: string[]; usage: Usage; agentMs: number; finalMessage?: string }
  | {
      ok: false;
      failure: AttemptFailure;
      reason: string;
      commit: string;
      usage: Usage;
      agentMs: number;
      /** A branch weft made to keep work the agent did off its attempt branch. */
      keptBranch?: string;
      /** The branch the agent switched to (undefined: detached HEAD or not switched). */
      leftFor?: string;
    };

/** The agent's environment in a run: the run's own, plus who and where it is. */
export function attemptEnv(
  run: { env: Record<string, string>; repo: RepoPaths; runId: string },
  taskId: string,
  workerId: string,
  port: number,
): Record<string, string> {
  return {
    ...run.env,
    PARALLEL_WORKER_DEPTH: '1',
    // An agent whose worktree was deleted must not reach the user's checkout through git.
    GIT_CEILING_DIRECTORIES: join(run.repo.top, TREES_DIR),
    PORT: String(port),
    WEFT_RUN_ID: run.runId,
    WEFT_TASK_ID: taskId,
    WEFT_WORKER_ID: workerId,
  };
}

function failureOf(outcome: AgentOutcome): AttemptFailure {
  if (outcome.aborted) return 'stopped';
  if (outcome.timedOut) return 'timed-out';
  if (outcome.hung) return 'hung';
  if (outcome.crashed || outcome.signal !== null) return 'crashed';
  return 'failed';
}

export async function runAttempt(spec: AttemptSpec): Promise<AttemptResult> {
  const { task } = spec;
  const script =
    task.script ?? (spec.adapter.name === 'shell' ? task.instructions.trim() || task.title : undefined);
  const outcome = await runAgent({
    adapter: spec.adapter,
    request: {
      prompt: spec.prompt,
      cwd: spec.worktree,
      ...(script === undefined ? {} : { script }),
      ...(spec.tools ? { tools: spec.tools } : {}),
      stateDir: spec.stateDir,
      env: spec.env,
    },
    logFile: spec.logFile,
    timeoutMs: spec.timeoutMs,
    ...(spec.hangTimeoutMs === undefined ? {} : { hangTimeoutMs: spec.hangTimeoutMs }),
    ...(spec.killGraceMs === undefined ? {} : { killGraceMs: spec.killGraceMs }),
    signal: spec.signal,
    ...(spec.onEvent ? { onEvent: spec.onEvent } : {}),
    ...(spec.onSpawn ? { onSpawn: spec.onSpawn } : {}),
  });
  const base = { usage: outcome.usage, agentMs: outcome.durationMs };
  chaosPoint('agent:exited');

  // Nothing is lost: commit what the agent left, on its branch or, if it left it, on a rescue branch.
  const where = await position(spec.repo, spec.worktree);
  const leftover =
    where.commit !== spec.baseCommit
      ? `${task.id}: work the agent left uncommitted (attempt ${spec.attempt})\n\nCommitted by weft so that nothing is lost.`
      : `${task.id}: ${task.title}\n\nCommitted by weft for ${spec.workerId} (attempt ${spec.attempt}); the agent left its work uncommitted.`;
  if (where.branch !== spec.branch) {
    const kept = await rescueLeftBranch(spec.worktree, spec.branch, leftover, spec.weftFiles ?? []);
    chaosPoint('attempt:committed');
    const onto = where.branch === undefined ? 'a detached HEAD' : `branch ${where.branch}`;
    return {
      ok: false,
      failure: 'left-branch',
      reason: `the agent switched its worktree to ${onto}; its work there was kept on branch ${kept}`,
      commit: await head(spec.worktree),
      keptBranch: kept,
      ...(where.branch === undefined ? {} : { leftFor: where.branch }),
      ...base,
    };
  }
  // What the branch changes since its base is read while the leftovers are committed.
  let changes: BranchChanges | undefined;
  let committed: boolean;
  if (where.commit === '') {
    committed = await commitLeftovers(spec.worktree, leftover, spec.weftFiles ?? []);
  } else {
    const r = await commitLeftoversSince(
      spec.worktree,
      leftover,
      spec.weftFiles ?? [],
      where.commit,
      spec.baseCommit,
      { sinceTree: spec.baseTree, writer: spec.commits },
    );
    committed = r.committed;
    changes = parseNameStatus(r.nameStatus);
  }
  chaosPoint('attempt:committed');
  const commit = committed
    ? ((await branchHead(spec.repo, spec.branch)) ?? (await head(spec.worktree)))
    : where.commit;
  if (!outcome.ok) {
    return {
      ok: false,
      failure: failureOf(outcome),
      reason: outcome.reason ?? 'the agent failed',
      commit,
      ...base,
    };
  }
  if (task.verify) {
    const v = await runCheck({
      command: task.verify,
      cwd: spec.worktree,
      env: spec.env,
      signal: spec.signal,
      logFile: `${spec.logFile.replace(/\.log$/, '')}.verify.log`,
      stateDir: spec.stateDir,
    });
    if (!v.ok) {
      return {
        ok: false,
        failure: 'verify-failed',
        reason: `Verify \`${task.verify}\` failed: ${v.summary}`,
        commit,
        ...base,
      };
    }
  }
  changes ??= await branchChanges(spec.worktree, spec.baseCommit, commit);
  const { files } = changes;
  const outside = deletedOutsideTask(task, changes);
  if (outside.length > 0) {
    const shown =
      outside.slice(0, 5).join(', ') + (outside.length > 5 ? `, … (${outside.length} files)` : '');
    return {
      ok: false,
      failure: 'deleted-outside',
      reason: `the agent deleted files outside its task: ${shown}; its branch is kept, not merged`,
      commit,
      ...base,
    };
  }
  const writes = task.files.some((f) => f.op !== 'read');
  if (files.length === 0 && writes) {
    return {
      ok: false,
      failure: 'no-work',
      reason: 'the agent finished without changing any file',
      commit,
      ...base,
    };
  }
  return {
    ok: true,
    commit,
    files,
    ...base,
    ...(outcome.finalMessage === undefined ? {} : { finalMessage: outcome.finalMessage }),
  };
}

/**
 * The worktree's branch and commit, read from its HEAD and ref files (no git
 * process) when it is on a branch with a loose ref, the usual case.
 */
async function position(repo: RepoPaths, worktree: string): Promise<{ branch?: string; commit: string }> {
  const branch = await currentBranch(worktree);
  const commit = branch === undefined ? undefined : await branchHead(repo, branch);
  if (branch !== undefined && commit !== undefined) return { branch, commit };
  return positionFromGit(worktree);
}

/** The same from git: `--symbolic-full-name` applies to the arguments after it only, so the first `HEAD` is the commit id. */
async function positionFromGit(worktree: string): Promise<{ branch?: string; commit: string }> {
  const [commit = '', ref = ''] = (
    await gitOut(['rev-parse', 'HEAD', '--symbolic-full-name', 'HEAD'], { cwd: worktree })
  ).split('\n');
  return ref.startsWith('refs/heads/') ? { branch: ref.slice('refs/heads/'.length), commit } : { commit };
}

async function head(worktree: string): Promise<string> {
  return (await git(['rev-parse', 'HEAD'], { cwd: worktree })).stdout.trim();
}
