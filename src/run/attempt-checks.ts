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

/** Tracked files the branch deleted that the task does not declare (none when it declares no file). */
export async function deletedOutsideTask(
  worktree: string,
  task: Task,
  baseCommit: string,
  commit: string,
): Promise<string[]> {
  if (task.files.length === 0 || commit === baseCommit) return [];
  const out = await gitOut(
    ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=D', baseCommit, commit],
    {
      cwd: worktree,
    },
  );
  const declared = task.files.map((f) => f.path.replace(/\/+$/, ''));
  return out
    .split('\0')
    .filter((p) => p !== '')
    .filter((p) => !declared.some((d) => p === d || p.startsWith(`${d}/`)));
}
