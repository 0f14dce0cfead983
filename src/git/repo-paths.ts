/** Where a repository's shared pieces live, whichever worktree weft was started in. */
import { NotARepoError } from '../errors.js';
import { gitQuick as git } from './git.js';

export interface RepoPaths {
  /** Top of the main worktree: `.trees/` and `.weft/` live here. */
  top: string;
  /** The git dir shared by every worktree (absolute). */
  commonDir: string;
}

export interface RepoLocation extends RepoPaths {
  /** The git dir of the worktree `cwd` is in (its HEAD lives here). */
  gitDir: string;
  /** Top of the worktree `cwd` is in (the main one or a linked one). */
  cwdTop: string;
}

/**
 * Resolve the main worktree and common git dir from any directory inside the
 * repository (including a linked worktree) with one git call (two in a linked
 * worktree). Throws NotARepoError outside a repository, in a bare one, and
 * inside `.git` (there is no work tree to branch from).
 */
export async function resolveRepo(cwd: string): Promise<RepoLocation> {
  const r = await git(
    ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir', '--show-toplevel'],
    { cwd, okCodes: [128] },
  ).catch((err: unknown) => {
    if (err instanceof NotARepoError) throw err;
    throw new NotARepoError(`${cwd} is not inside a git repository`, { cause: err });
  });
  if (r.exitCode !== 0) {
    if (/must be run in a work tree/.test(r.stderr)) {
      throw new NotARepoError(`${cwd} has no working tree (a bare repository or a .git directory)`);
    }
    throw new NotARepoError(`${cwd} is not inside a git repository`, { details: [r.stderr.trim()] });
  }
  const [gitDir, commonDir, cwdTop] = r.stdout.split('\n');
  if (gitDir === undefined || commonDir === undefined || cwdTop === undefined) {
    throw new NotARepoError(`cannot make sense of git's answer in ${cwd}`);
  }
  if (gitDir === commonDir) return { top: cwdTop, commonDir, gitDir, cwdTop };
  // A linked worktree: the main worktree is listed first.
  const list = await git(['worktree', 'list', '--porcelain', '-z'], { cwd });
  const first = list.stdout.split('\0')[0] ?? '';
  if (!first.startsWith('worktree ')) throw new NotARepoError(`cannot find the main worktree of ${cwd}`);
  return { top: first.slice('worktree '.length), commonDir, gitDir, cwdTop };
}
