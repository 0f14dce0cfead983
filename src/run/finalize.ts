/**
 * The end of a complete run: remove the pooled worktrees, delete the attempt
 * branches whose every commit is on the integration branch (nothing is lost),
 * keep and list the others, and fast-forward the base when asked.
 */
import { git, gitOut } from '../git/git.js';
import { withRepoLock } from '../git/repo-lock.js';
import type { RepoPaths } from '../git/repo-paths.js';

export interface MergeIntoResult {
  branch: string;
  ok: boolean;
  message: string;
}

/** The branches (that still exist) holding commits the integration branch lacks; nothing is deleted. */
export async function unmergedBranches(
  repo: RepoPaths,
  integrationBranch: string,
  branches: readonly string[],
): Promise<string[]> {
  const kept: string[] = [];
  for (const b of new Set(branches)) {
    const r = await git(['rev-list', '--count', `refs/heads/${integrationBranch}..refs/heads/${b}`, '--'], {
      cwd: repo.top,
      okCodes: [128],
    });
    if (r.exitCode === 0 && Number(r.stdout.trim()) > 0) kept.push(b);
  }
  return kept;
}

/** Attempt branches with commits that are not on the integration branch; the others are deleted. */
export async function pruneAttemptBranches(
  repo: RepoPaths,
  integrationBranch: string,
  branches: readonly string[],
): Promise<{ kept: string[]; deleted: string[] }> {
  const kept: string[] = [];
  const deleted: string[] = [];
  for (const b of new Set(branches)) {
    const r = await git(['rev-list', '--count', `refs/heads/${integrationBranch}..refs/heads/${b}`, '--'], {
      cwd: repo.top,
      okCodes: [128],
    });
    if (r.exitCode !== 0) continue; // already gone
    if (Number(r.stdout.trim()) > 0) {
      kept.push(b);
      continue;
    }
    await withRepoLock(repo.commonDir, () =>
      git(['branch', '-D', '--quiet', '--', b], { cwd: repo.top, okCodes: [1] }),
    );
    deleted.push(b);
  }
  return { kept, deleted };
}

/**
 * Fast-forward `branch` to the integration head. Refused (with the reason)
 * when `branch` moved on since the run started (not an ancestor), or when it
 * is checked out in a worktree with uncommitted changes.
 */
export async function mergeInto(
  repo: RepoPaths,
  branch: string,
  integrationBranch: string,
): Promise<MergeIntoResult> {
  const target = await gitOut(['rev-parse', '--verify', `refs/heads/${integrationBranch}`], {
    cwd: repo.top,
  });
  const current = await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], {
    cwd: repo.top,
    okCodes: [1],
  });
  if (current.exitCode !== 0) return { branch, ok: false, message: `branch ${branch} does not exist` };
  const old = current.stdout.trim();
  const ff = await git(['merge-base', '--is-ancestor', old, target], { cwd: repo.top, okCodes: [1] });
  if (ff.exitCode !== 0) {
    return {
      branch,
      ok: false,
      message: `${branch} has commits the integration branch lacks; merge it yourself: git merge ${integrationBranch}`,
    };
  }
  const checkedOut = await worktreeOf(repo, branch);
  if (checkedOut) {
    const r = await git(['merge', '--ff-only', '--quiet', target], { cwd: checkedOut, okCodes: [1, 128] });
    if (r.exitCode !== 0) {
      return {
        branch,
        ok: false,
        message: `could not fast-forward ${branch} in ${checkedOut}: ${(r.stderr || r.stdout).trim().split('\n')[0]}`,
      };
    }
  } else {
    await withRepoLock(repo.commonDir, () =>
      git(
        [
          'update-ref',
          '-m',
          `weft: fast-forward to ${integrationBranch}`,
          `refs/heads/${branch}`,
          target,
          old,
        ],
        {
          cwd: repo.top,
        },
      ),
    );
  }
  return { branch, ok: true, message: `${branch} fast-forwarded to ${target.slice(0, 10)}` };
}

async function worktreeOf(repo: RepoPaths, branch: string): Promise<string | undefined> {
  const out = await gitOut(['worktree', 'list', '--porcelain', '-z'], { cwd: repo.top });
  let path: string | undefined;
  for (const field of out.split('\0')) {
    if (field.startsWith('worktree ')) path = field.slice('worktree '.length);
    if (field === `branch refs/heads/${branch}`) return path;
  }
  return undefined;
}

/**
 * After a stopped run: delete only the attempt branches that hold no commit
 * beyond the integration commit they started from (attempts cut short before
 * any work). Everything else is kept for `weft resume`.
 */
export async function pruneEmptyAttempts(
  repo: RepoPaths,
  attempts: readonly { branch: string; baseCommit: string; keep: boolean }[],
): Promise<string[]> {
  const kept: string[] = [];
  for (const a of attempts) {
    const r = await git(['rev-list', '--count', `${a.baseCommit}..refs/heads/${a.branch}`, '--'], {
      cwd: repo.top,
      okCodes: [128],
    });
    if (r.exitCode !== 0) continue;
    if (a.keep || Number(r.stdout.trim()) > 0) {
      kept.push(a.branch);
      continue;
    }
    await withRepoLock(repo.commonDir, () =>
      git(['branch', '-D', '--quiet', '--', a.branch], { cwd: repo.top, okCodes: [1] }),
    );
  }
  return kept;
}
