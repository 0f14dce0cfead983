/**
 * Never lose work: whatever the agent left uncommitted in its worktree is
 * committed on its branch when it ends, however it ended. Files weft itself
 * put there (the plan copy, `.env` files) are not part of that commit. Hooks
 * are skipped (`--no-verify`): this commit only preserves work, and a failing
 * hook must not lose it.
 */
import { GitError } from '../errors.js';
import { git } from '../git/git.js';

/** Committer used only when the repository has no identity configured, so the commit cannot fail for want of one. */
const FALLBACK_IDENTITY = ['-c', 'user.name=weft', '-c', 'user.email=weft@localhost'];

export interface LeftoverCommit {
  commit: string;
}

/** The branch the worktree's HEAD is on, or undefined when detached. */
export async function currentBranch(worktree: string): Promise<string | undefined> {
  const r = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: worktree, okCodes: [1] });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/**
 * Stage everything except `exclude` (worktree-relative paths) and commit it
 * with `message`; undefined when there was nothing to commit.
 */
export async function commitLeftovers(
  worktree: string,
  message: string,
  exclude: readonly string[] = [],
): Promise<LeftoverCommit | undefined> {
  const pathspec = ['.', ...exclude.map((p) => `:(exclude,literal,top)${p}`)];
  const add = await git(['add', '-A', '--', ...pathspec], { cwd: worktree, okCodes: [1] });
  // Excluding a path that is also gitignored makes git complain (exit 1) after staging everything else.
  if (add.exitCode !== 0 && !/are ignored by one of your \.gitignore files/.test(add.stderr)) {
    throw new GitError(['add', '-A', '--', ...pathspec], add.exitCode, add.stderr);
  }
  const commitArgs = ['commit', '--quiet', '--no-verify', '--no-gpg-sign', '-m', message];
  let r = await git(commitArgs, { cwd: worktree, okCodes: [1, 128] });
  if (r.exitCode === 1 && /nothing (added )?to commit|no changes added/i.test(r.stdout + r.stderr))
    return undefined;
  if (r.exitCode === 128 && /tell me who you are|empty ident|user\.(name|email)/i.test(r.stderr)) {
    r = await git([...FALLBACK_IDENTITY, ...commitArgs], { cwd: worktree, okCodes: [1] });
  }
  if (r.exitCode !== 0) throw new GitError(commitArgs, r.exitCode, r.stderr || r.stdout);
  const head = await git(['rev-parse', 'HEAD'], { cwd: worktree });
  return { commit: head.stdout.trim() };
}
