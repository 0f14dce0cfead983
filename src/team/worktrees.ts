/**
 * A role's worktree `.trees/team/<role>` on its branch `team/<role>`: created
 * from the base on the first start; on a later start (the branch was kept by
 * `team stop`) checked out again, or reused when it is still there.
 */
import { lstat } from 'node:fs/promises';
import { relative } from 'node:path';
import { RefusedError } from '../errors.js';
import { ensureExcluded } from '../git/exclude.js';
import { git } from '../git/git.js';
import { withRepoLock } from '../git/repo-lock.js';
import type { RepoPaths } from '../git/repo-paths.js';
import {
  branchExists,
  createWorktree,
  listWorktrees,
  removeWorktree,
  WEFT_EXCLUDES,
  worktreePathFor,
} from '../git/worktree.js';

export interface RoleWorktree {
  path: string;
  branch: string;
  /** Made by this call (a rollback removes exactly these). */
  createdWorktree: boolean;
  createdBranch: boolean;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

export async function ensureRoleWorktree(
  repo: RepoPaths,
  branch: string,
  baseCommit: string,
): Promise<RoleWorktree> {
  const path = worktreePathFor(repo, branch);
  if (!(await branchExists(branch, repo.top))) {
    const wt = await createWorktree(repo, { branch, base: baseCommit });
    return { path: wt.path, branch, createdWorktree: true, createdBranch: true };
  }
  const entries = await listWorktrees(repo);
  const here = entries.find((e) => e.path === path);
  if (here !== undefined && here.branch === branch) {
    return { path, branch, createdWorktree: false, createdBranch: false };
  }
  const elsewhere = entries.find((e) => e.branch === branch);
  if (elsewhere !== undefined) {
    throw new RefusedError('E_BRANCH_CHECKED_OUT', `${branch} is checked out in ${elsewhere.path}`, {
      details: ['a role works on its branch in .trees/team/<role>; check out another branch there first'],
    });
  }
  if (await exists(path)) {
    throw new RefusedError('E_WORKTREE_EXISTS', `${relative(repo.top, path)} exists but is not on ${branch}`);
  }
  await ensureExcluded(repo, WEFT_EXCLUDES);
  await withRepoLock(repo.commonDir, () =>
    git(['worktree', 'add', '--quiet', '--', path, branch], { cwd: repo.top }),
  );
  return { path, branch, createdWorktree: true, createdBranch: false };
}

/** Undo what ensureRoleWorktree made. */
export async function rollbackRoleWorktree(repo: RepoPaths, wt: RoleWorktree): Promise<void> {
  if (!wt.createdWorktree) return;
  await removeWorktree(repo, wt, { keepBranch: !wt.createdBranch }).catch(() => undefined);
}
