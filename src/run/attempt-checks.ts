/**
 * What an agent may have done to its worktree besides its task: switched it
 * to another branch (or a detached HEAD), or deleted files its task does not
 * name. Both fail the attempt; nothing the agent did is lost.
 */
import { git, gitOut } from '../git/git.js';
import type { Task } from '../tasks/types.js';
import { commitLeftovers } from '../workers/leftovers.js';

/**
 * The agent left its attempt branch. Its work — commits and uncommitted
 * changes — is kept on a new branch `<attempt branch>-left` made where the
 * agent left HEAD, so weft never adds a commit to a branch that is not its
 * own (the user's, the integration branch); then the worktree goes back to
 * the attempt branch.
 */
export async function rescueLeftBranch(
  worktree: string,
  attemptBranch: string,
  message: string,
  weftFiles: readonly string[],
): Promise<string> {
  let rescue = `${attemptBranch}-left`;
  for (let k = 2; ; k++) {
    const r = await git(['checkout', '--quiet', '-b', rescue], { cwd: worktree, okCodes: [128] });
    if (r.exitCode === 0) break;
    if (!/already exists/.test(r.stderr) || k > 20)
      throw new Error(`git checkout -b ${rescue}: ${r.stderr.trim()}`);
    rescue = `${attemptBranch}-left${k}`;
  }
  await commitLeftovers(worktree, message, weftFiles);
  await git(['checkout', '--quiet', '-f', attemptBranch, '--'], { cwd: worktree });
  return rescue;
}

/** What a branch changed since its base: every path, and the deleted ones. */
export interface BranchChanges {
  files: string[];
  deleted: string[];
}

/** One `git diff --name-status` from `baseCommit` to `commit` (nothing when they are the same). */
export async function branchChanges(
  worktree: string,
  baseCommit: string,
  commit: string,
): Promise<BranchChanges> {
  if (commit === baseCommit) return { files: [], deleted: [] };
  const out = await gitOut(['diff', '--name-status', '-z', '--no-renames', baseCommit, commit], {
    cwd: worktree,
  });
  return parseNameStatus(out);
}

/** `git diff --name-status -z --no-renames` output as paths and deleted paths. */
export function parseNameStatus(out: string): BranchChanges {
  const fields = out.split('\0');
  const files: string[] = [];
  const deleted: string[] = [];
  // Pairs of status and path (no renames or copies, so one path each).
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const path = fields[i + 1] as string;
    files.push(path);
    if (fields[i] === 'D') deleted.push(path);
  }
  return { files, deleted };
}

/** Tracked files the branch deleted that the task does not declare (none when it declares no file). */
export function deletedOutsideTask(task: Task, changes: BranchChanges): string[] {
  if (task.files.length === 0) return [];
  const declared = task.files.map((f) => f.path.replace(/\/+$/, ''));
  return changes.deleted.filter((p) => !declared.some((d) => p === d || p.startsWith(`${d}/`)));
}
