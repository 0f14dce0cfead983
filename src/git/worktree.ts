/**
 * Worktrees under `<repo>/.trees/<branch>`, each on a new branch from a base
 * commit. Everything is validated before anything is created, and a creation
 * that fails half-way is rolled back, so a refused or failed call leaves no
 * worktree and no branch behind.
 *
 * Pooling: creating a worktree writes every file of the checkout (~20-25 ms per
 * 1k files); re-pointing an existing one (`reuseWorktree`: `checkout -f -B` +
 * `clean`) only rewrites what differs, ~10x cheaper. The orchestrator can keep
 * finished worktrees and hand them to the next task with `reuseWorktree`.
 */
import { lstat, realpath, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { BranchError, GitError, RefusedError } from '../errors.js';
import { assertValidBranchName } from './branch-name.js';
import { ensureExcluded } from './exclude.js';
import { git, noCommitError } from './git.js';
import { branchTaken, type ResolvedBase, resolveBase } from './refs.js';
import { withRepoLock } from './repo-lock.js';
import type { RepoPaths } from './repo-paths.js';

export const TREES_DIR = '.trees';
/** Patterns added to `info/exclude` so weft's directories never show in `git status`. */
export const WEFT_EXCLUDES = ['/.trees/', '/.weft/'] as const;

export interface Worktree {
  path: string;
  branch: string;
  /** The base as the caller wrote it (`main`, `HEAD`, a commit id). */
  baseRef: string;
  baseCommit: string;
  /** The local branch the base names (for `HEAD`: the branch checked out there), if any. */
  baseBranch?: string;
}

export interface NewWorktreeSpec {
  branch: string;
  /** Ref or commit to start from (default `HEAD`). */
  base?: string;
  /** Directory whose `HEAD` (and relative refs) `base` is read in; default the main worktree. */
  cwd?: string;
  /** The base already resolved (by `resolveRepoAndBase`): saves a git process. */
  resolvedBase?: ResolvedBase;
}

/** `<top>/.trees/<branch>`; refuses a branch whose path would leave `.trees/`. */
export function worktreePathFor(repo: RepoPaths, branch: string): string {
  const trees = resolve(repo.top, TREES_DIR);
  const path = resolve(trees, branch);
  const rel = relative(trees, path);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).some((s) => s === '..' || s === '.')) {
    throw new RefusedError('E_PATH_ESCAPE', `the worktree for "${branch}" would not be inside ${TREES_DIR}/`);
  }
  return path;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

export async function branchExists(branch: string, cwd: string): Promise<boolean> {
  const r = await git(['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], { cwd, okCodes: [1] });
  return r.exitCode === 0;
}

/** Refuse a path that exists, sits inside another worktree, or resolves outside `.trees/` via a symlink. */
async function assertPathFree(repo: RepoPaths, path: string): Promise<void> {
  if (await exists(path)) {
    throw new RefusedError('E_WORKTREE_EXISTS', `${relative(repo.top, path)} already exists`);
  }
  const trees = resolve(repo.top, TREES_DIR);
  for (let dir = dirname(path); dir.startsWith(trees); dir = dirname(dir)) {
    if (await exists(join(dir, '.git'))) {
      throw new RefusedError(
        'E_WORKTREE_EXISTS',
        `${relative(repo.top, path)} would be inside the worktree ${relative(repo.top, dir)}`,
      );
    }
    if (dir === trees) break;
  }
  if (await exists(trees)) {
    const real = await realpath(trees);
    const top = await realpath(repo.top);
    if (!real.startsWith(top + sep)) {
      throw new RefusedError('E_PATH_ESCAPE', `${TREES_DIR}/ is a link to ${real}, outside the repository`);
    }
  }
}

/**
 * Check everything `createWorktree` needs, creating nothing: a valid and unused
 * branch name, a free path under `.trees/`, a base that names a commit.
 */
export async function validateNewWorktree(repo: RepoPaths, spec: NewWorktreeSpec): Promise<Worktree> {
  assertValidBranchName(spec.branch);
  const path = worktreePathFor(repo, spec.branch);
  const baseRef = spec.base ?? 'HEAD';
  const [base, taken] = await Promise.all([
    spec.resolvedBase ?? resolveBase(spec.cwd ?? repo.top, baseRef),
    branchTaken(repo, spec.branch),
  ]);
  if (taken) throw new BranchError(`branch "${spec.branch}" already exists (or a branch it would nest with)`);
  if (base === undefined) throw await noCommitError(baseRef, spec.cwd ?? repo.top);
  await assertPathFree(repo, path);
  const local = base.fullName?.startsWith('refs/heads/')
    ? base.fullName.slice('refs/heads/'.length)
    : undefined;
  return {
    path,
    branch: spec.branch,
    baseRef,
    baseCommit: base.commit,
    ...(local === undefined ? {} : { baseBranch: local }),
  };
}

/** Create `.trees/<branch>` on a new branch from the base. Rolled back on failure. */
export async function createWorktree(repo: RepoPaths, spec: NewWorktreeSpec): Promise<Worktree> {
  return addWorktree(repo, await validateNewWorktree(repo, spec));
}

/** The creating half of `createWorktree`, for a target `validateNewWorktree` returned. */
export async function addWorktree(repo: RepoPaths, wt: Worktree): Promise<Worktree> {
  await ensureExcluded(repo, WEFT_EXCLUDES);
  await withRepoLock(repo.commonDir, async () => {
    try {
      await git(['worktree', 'add', '--quiet', '-b', wt.branch, '--', wt.path, wt.baseCommit], {
        cwd: repo.top,
      });
    } catch (err) {
      await undoFailedAdd(repo, wt, err);
      throw err;
    }
  });
  return wt;
}

/**
 * Validation ran outside the lock, so another process may have taken the branch
 * or the path since. git checks the branch first and then creates it before it
 * checks the path: undo exactly what this call made.
 */
async function undoFailedAdd(repo: RepoPaths, wt: Worktree, err: unknown): Promise<void> {
  const stderr = err instanceof GitError ? err.stderr : '';
  if (/a branch named .* already exists/.test(stderr)) return;
  const pathWasTaken = /'.*' already exists/.test(stderr);
  await removeWorktree(repo, wt, { keepPath: pathWasTaken }).catch(() => undefined);
}

/**
 * Remove a worktree and (unless `keepBranch`) its branch. Tolerates a
 * worktree directory deleted by hand. Only paths under `.trees/` are touched.
 */
export async function removeWorktree(
  repo: RepoPaths,
  wt: { path: string; branch: string },
  options: { keepBranch?: boolean; keepPath?: boolean } = {},
): Promise<void> {
  const trees = resolve(repo.top, TREES_DIR);
  if (!resolve(wt.path).startsWith(trees + sep)) {
    throw new RefusedError('E_PATH_ESCAPE', `refusing to remove ${wt.path}: not inside ${TREES_DIR}/`);
  }
  await withRepoLock(repo.commonDir, async () => {
    let removed = false;
    if (!options.keepPath && (await exists(wt.path))) {
      const r = await git(['worktree', 'remove', '--force', '--', wt.path], {
        cwd: repo.top,
        okCodes: [128],
      });
      removed = r.exitCode === 0;
      // Not a registered worktree (or half-created): delete the directory ourselves.
      if (!removed) await rm(wt.path, { recursive: true, force: true });
    }
    // A directory deleted by hand (or by us just now) leaves git's record of the worktree behind.
    if (!removed) await git(['worktree', 'prune'], { cwd: repo.top });
    if (!options.keepBranch) {
      const r = await git(['branch', '-D', '--quiet', '--', wt.branch], { cwd: repo.top, okCodes: [1] });
      if (r.exitCode !== 0 && !/not found/.test(r.stderr))
        throw new GitError(['branch', '-D', wt.branch], 1, r.stderr);
    }
    await removeEmptyParents(dirname(wt.path), trees);
  });
}

/** `.trees/worker/x` leaves `.trees/worker/` (and `.trees/`) behind: remove such empty directories. */
async function removeEmptyParents(dir: string, trees: string): Promise<void> {
  for (let d = dir; d === trees || d.startsWith(trees + sep); d = dirname(d)) {
    try {
      await rmdir(d);
    } catch {
      return;
    }
  }
}

/**
 * Pooling: point an existing worktree at a new branch from `baseCommit`,
 * discarding its files' changes and untracked files (ignored files such as
 * installed dependencies are kept). The previous branch is left as it is.
 */
export async function reuseWorktree(
  repo: RepoPaths,
  wt: { path: string },
  spec: { branch: string; baseCommit: string; baseRef?: string },
): Promise<Worktree> {
  assertValidBranchName(spec.branch);
  await withRepoLock(repo.commonDir, async () => {
    if (await branchExists(spec.branch, repo.top))
      throw new BranchError(`branch "${spec.branch}" already exists`);
    await git(['checkout', '--quiet', '-f', '-B', spec.branch, spec.baseCommit, '--'], { cwd: wt.path });
  });
  await git(['clean', '-fdq'], { cwd: wt.path });
  return {
    path: wt.path,
    branch: spec.branch,
    baseRef: spec.baseRef ?? spec.baseCommit,
    baseCommit: spec.baseCommit,
  };
}

export interface WorktreeEntry {
  path: string;
  head?: string;
  /** Short branch name; undefined when detached. */
  branch?: string;
  locked: boolean;
  prunable: boolean;
}

export async function listWorktrees(repo: RepoPaths): Promise<WorktreeEntry[]> {
  const out = (await git(['worktree', 'list', '--porcelain', '-z'], { cwd: repo.top })).stdout;
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | undefined;
  for (const field of out.split('\0')) {
    if (field.startsWith('worktree ')) {
      current = { path: field.slice(9), locked: false, prunable: false };
      entries.push(current);
      continue;
    }
    if (current === undefined) continue;
    if (field.startsWith('HEAD ')) current.head = field.slice(5);
    else if (field.startsWith('branch refs/heads/')) current.branch = field.slice(18);
    else if (field.startsWith('locked')) current.locked = true;
    else if (field.startsWith('prunable')) current.prunable = true;
  }
  return entries;
}
