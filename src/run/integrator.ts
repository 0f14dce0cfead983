/**
 * Integration, one finished branch at a time, in the order tasks finish —
 * which respects dependencies, since a task only starts once its dependencies
 * are merged. Each merge is `merge-tree` + `commit-tree` + a compare-and-swap
 * `update-ref` (no checkout), then the test gate; a merge that breaks the gate
 * is reverted on the integration branch and the task retried. A task counts
 * as merged — and its dependents become ready — only after the gate passes.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { BranchError } from '../errors.js';
import { CommitWriter } from '../git/commit-writer.js';
import { git, gitOut } from '../git/git.js';
import {
  type IntegrationResult,
  integrateBranch,
  RefMovedError,
  type RevertResult,
  resolveCommits,
  revertOnIntegration,
} from '../git/merge.js';
import { withRepoLock } from '../git/repo-lock.js';
import type { RepoPaths } from '../git/repo-paths.js';
import { removeWorktree } from '../git/worktree.js';
import type { Task } from '../tasks/types.js';
import { chaosPoint } from '../util/chaos-point.js';
import { findEarlierMerge, revertTrailer } from './earlier-merge.js';
import type { EventBus } from './event-bus.js';
import { type Restored, restoreIntegration } from './integration-guard.js';
import type { Scheduler } from './scheduler.js';
import { runCheck } from './verify.js';

export interface IntegratorConfig {
  repo: RepoPaths;
  integrationBranch: string;
  validate: string | undefined;
  validateTimeoutMs?: number;
  sessionDir: string;
  validateWorktree: string;
  env: Record<string, string>;
  scheduler: Scheduler;
  bus: EventBus;
  tasks: ReadonlyMap<string, Task>;
  onChange: () => void;
  onFatal: (err: unknown) => void;
  isStopping: () => boolean;
  /** Branches under which rescued work is kept (`weft/tasks/<run-id>/`). */
  rescuePrefix: string;
}

/** How many times in a row one merge puts back an integration branch that something else moved. */
const MAX_FOREIGN_MOVES = 20;

const FALLBACK_IDENTITY = {
  GIT_AUTHOR_NAME: 'weft',
  GIT_AUTHOR_EMAIL: 'weft@localhost',
  GIT_COMMITTER_NAME: 'weft',
  GIT_COMMITTER_EMAIL: 'weft@localhost',
};

export class Integrator {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private cachedHead: string | undefined;
  /** The trees of the commits weft made on the integration branch (merges, reverts). */
  private readonly trees = new Map<string, string>();
  private firstRead: Promise<string> | undefined;
  private identity: Promise<Record<string, string>> | undefined;
  private validations = 0;
  /** Times the integration branch was moved or deleted by something else, and put back. */
  readonly restored: Restored[] = [];
  /** Writes the run's commits (merges, attempts' leftovers) through one git helper. */
  readonly commits: CommitWriter;

  constructor(private readonly c: IntegratorConfig) {
    this.commits = new CommitWriter(c.repo.top, join(c.sessionDir, 'commits'));
  }

  /** Once every merge is done: stop the commit helper. */
  close(): Promise<void> {
    return this.commits.close();
  }

  get busy(): boolean {
    return this.pending > 0;
  }

  idle(): Promise<void> {
    return this.chain;
  }

  /** The integration branch's head; read from the ref once, then kept as weft moves it. */
  async head(): Promise<string> {
    if (this.cachedHead !== undefined) return this.cachedHead;
    // The first commits need the identities and the commit helper: get them now, while the first attempts run.
    this.gitIdentity().catch(() => undefined);
    this.commits.prepare();
    // Attempts starting together share one read.
    this.firstRead ??= gitOut(['rev-parse', '--verify', `refs/heads/${this.c.integrationBranch}`], {
      cwd: this.c.repo.top,
    }).then(
      (h) => h.trim(),
      (err: unknown) => {
        this.firstRead = undefined; // the next call asks again
        throw err;
      },
    );
    const read = await this.firstRead;
    this.cachedHead ??= read;
    return this.cachedHead;
  }

  /** The tree of `commit` when weft made it on the integration branch in this process, else undefined. */
  knownTree(commit: string): string | undefined {
    return this.trees.get(commit);
  }

  /** `tip`: the branch's tip when the attempt just finished in this process (a faster merge). */
  enqueue(taskId: string, branch: string, tip?: string): void {
    this.pending++;
    this.chain = this.chain
      .then(() => (this.c.isStopping() ? undefined : this.integrate(taskId, branch, tip)))
      .catch((err: unknown) => this.c.onFatal(err))
      .finally(() => {
        this.pending--;
        this.c.onChange();
      });
  }

  private async integrate(taskId: string, branch: string, tip?: string): Promise<void> {
    const { scheduler, bus } = this.c;
    const task = this.c.tasks.get(taskId);
    const env = await this.gitIdentity();
    chaosPoint('merge:start');
    const merge = async () =>
      integrateBranch({
        repo: this.c.repo.top,
        integrationRef: this.c.integrationBranch,
        branch,
        message: `weft: merge ${taskId}${task ? `: ${task.title}` : ''}\n\nBranch: ${branch}`,
        env,
        expectedHead: await this.head(),
        ...(tip ? { branchCommit: tip } : {}),
        writer: this.commits,
      });
    const attempt = async (movesLeft: number): Promise<IntegrationResult | undefined> =>
      merge().catch(async (err: unknown) => {
        // Moved by something other than weft (several agents may do it one after another):
        // put it back, keep what it pointed at, merge again.
        if (
          movesLeft > 0 &&
          (err instanceof RefMovedError || err instanceof BranchError) &&
          (await this.guard())
        )
          return attempt(movesLeft - 1);
        // The finished branch was deleted (by hand) before it could be merged: run the task again.
        if (
          err instanceof BranchError &&
          (await resolveCommits(this.c.repo.top, [`refs/heads/${branch}`]))[0] === undefined
        )
          return undefined;
        throw err;
      });
    const r = await attempt(MAX_FOREIGN_MOVES);
    if (r === undefined) {
      return this.failed(taskId, branch, `its branch ${branch} was deleted before it could be merged`);
    }
    if (r.status === 'conflict') {
      const change = scheduler.conflicted(taskId, r.files);
      await bus.emit({
        type: 'task.conflict',
        taskId,
        files: r.files,
        willRetry: change.requeued.includes(taskId),
        branch,
      });
      await bus.announce(change);
      return;
    }
    const commit = r.status === 'merged' ? r.commit : r.head;
    chaosPoint('merge:ref-updated');
    // Already on the integration branch: merged by a weft that died before journaling it.
    // If the gate reverted that merge before the crash, this attempt failed the gate.
    const earlier =
      r.status === 'up-to-date' ? await findEarlierMerge(this.c.repo.top, r.head, r.branchCommit) : undefined;
    if (earlier?.reverted) {
      return this.failed(
        taskId,
        branch,
        `merging it broke \`${this.c.validate ?? 'the test gate'}\` (reverted before weft stopped)`,
      );
    }
    const mergeCommit = r.status === 'merged' ? r.commit : earlier?.merge;
    if (this.c.validate) {
      const check = await this.validate(commit);
      if (!check.ok) {
        await bus.emit({
          type: 'validation.failed',
          command: this.c.validate,
          integrationCommit: commit,
          exitCode: check.exitCode,
          outputTail: check.outputTail,
          taskId,
        });
        if (mergeCommit) await this.revert(taskId, mergeCommit, commit, check.summary, env);
        return this.failed(taskId, branch, `merging it broke \`${this.c.validate}\` (${check.summary})`);
      }
      await bus.emit({
        type: 'validation.passed',
        command: this.c.validate,
        integrationCommit: commit,
        durationMs: check.durationMs,
      });
    }
    this.cachedHead = commit;
    if (r.status === 'merged') this.trees.set(r.commit, r.tree);
    const change = scheduler.merged(taskId);
    await bus.emit({ type: 'task.merged', taskId, commit: r.branchCommit, integrationCommit: commit });
    chaosPoint('merge:recorded');
    await bus.announce(change);
  }

  /** Undo a merge that broke the gate; the trailer lets a resumed weft see that it was undone. */
  private async revert(
    taskId: string,
    mergeCommit: string,
    head: string,
    why: string,
    env: Record<string, string>,
  ) {
    // `head` is weft's own (the merge just made): a move by anything else is put back first.
    this.cachedHead = head;
    const revert = (movesLeft: number): Promise<RevertResult> =>
      revertOnIntegration({
        repo: this.c.repo.top,
        integrationRef: this.c.integrationBranch,
        mergeCommit,
        message: `weft: revert ${taskId}: it broke \`${this.c.validate}\`\n\n${revertTrailer(mergeCommit)}`,
        env,
        expectedHead: this.cachedHead ?? head,
      }).catch(async (err: unknown) => {
        if (movesLeft > 0 && err instanceof RefMovedError && (await this.guard()))
          return revert(movesLeft - 1);
        throw err;
      });
    const rv = await revert(MAX_FOREIGN_MOVES);
    if (rv.status !== 'reverted') return;
    chaosPoint('merge:reverted');
    this.cachedHead = rv.commit;
    this.trees.set(rv.commit, rv.tree);
    await this.c.bus.emit({
      type: 'merge.reverted',
      taskId,
      revertedCommit: mergeCommit,
      integrationCommit: rv.commit,
      reason: why,
    });
  }

  private async failed(taskId: string, branch: string, reason: string): Promise<void> {
    const change = this.c.scheduler.fail(taskId, reason);
    await this.c.bus.emit({
      type: 'task.failed',
      taskId,
      attempt: this.c.scheduler.task(taskId).attempts,
      reason,
      willRetry: change.requeued.includes(taskId),
      branch,
    });
    await this.c.bus.announce(change);
  }

  /** Restore the integration branch if something else moved it; true when it did. */
  async guard(): Promise<boolean> {
    if (this.cachedHead === undefined) return false;
    const c = this.c;
    const restored = await restoreIntegration(c.repo, c.integrationBranch, this.cachedHead, c.rescuePrefix);
    if (restored) this.restored.push(restored);
    return restored !== undefined;
  }

  /** Run the test gate in a detached worktree at `commit` (never on the integration branch itself). */
  private async validate(commit: string) {
    const path = this.c.validateWorktree;
    const present = (p: string) =>
      lstat(p).then(
        () => true,
        () => false,
      );
    const exists = await present(join(path, '.git'));
    // A folder without its `.git` (the worktree deleted by hand, the folder made again): start afresh.
    if (!exists && (await present(path))) {
      await removeWorktree(this.c.repo, { path, branch: '' }, { keepBranch: true });
    }
    if (exists) {
      await git(['checkout', '--quiet', '-f', '--detach', commit, '--'], { cwd: path });
      await git(['clean', '-fdq'], { cwd: path });
    } else {
      await withRepoLock(this.c.repo.commonDir, () =>
        git(['worktree', 'add', '--quiet', '--detach', '--', path, commit], { cwd: this.c.repo.top }),
      );
    }
    this.validations++;
    return runCheck({
      command: this.c.validate as string,
      cwd: path,
      env: this.c.env,
      signal: new AbortController().signal,
      logFile: join(this.c.sessionDir, 'logs', `validate.${this.validations}.log`),
      stateDir: join(this.c.sessionDir, 'agents', 'validate'),
      onSpawn: () => chaosPoint('validate:running'),
      ...(this.c.validateTimeoutMs === undefined ? {} : { timeoutMs: this.c.validateTimeoutMs }),
    });
  }

  /** commit-tree needs an identity; a repository without one gets weft's, so merging never fails for want of it. */
  private gitIdentity(): Promise<Record<string, string>> {
    this.identity ??= git(['var', 'GIT_COMMITTER_IDENT'], { cwd: this.c.repo.top, okCodes: [128] }).then(
      (r) => (r.exitCode === 0 ? {} : FALLBACK_IDENTITY),
    );
    return this.identity;
  }
}
