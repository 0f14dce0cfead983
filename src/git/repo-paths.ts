/** Where a repository's shared pieces live, whichever worktree weft was started in. */
import { NotARepoError } from '../errors.js';
import { git, gitOut } from './git.js';

export interface RepoPaths {
  /** Top of the main worktree: `.trees/` and `.weft/` live here. */
  top: string;
  /** The git dir shared by every worktree (absolute). */
  commonDir: string;
}

/**
 * Resolve the main worktree and common git dir from any directory inside the
 * repository (including a linked worktree). Throws NotARepoError outside one,
 * and for a bare repository (there is no worktree to branch from).
 */
export async function resolveRepo(cwd: string): Promise<RepoPaths> {
  const out = await gitOut(
    ['rev-parse', '--path-format=absolute', '--is-bare-repository', '--git-dir', '--git-common-dir'],
    { cwd },
  ).catch((err: unknown) => {
    if (err instanceof NotARepoError) throw err;
    throw new NotARepoError(`${cwd} is not inside a git repository`, { cause: err });
  });
  const [bare, gitDir, commonDir] = out.split('\n');
  if (bare === 'true' || gitDir === undefined || commonDir === undefined) {
    throw new NotARepoError(`${cwd} is a bare repository; weft needs a working tree`);
  }
  if (gitDir === commonDir) {
    return { top: await gitOut(['rev-parse', '--show-toplevel'], { cwd }), commonDir };
  }
  // A linked worktree: the main worktree is listed first.
  const list = await git(['worktree', 'list', '--porcelain', '-z'], { cwd });
  const first = list.stdout.split('\0')[0] ?? '';
  if (!first.startsWith('worktree ')) throw new NotARepoError(`cannot find the main worktree of ${cwd}`);
  return { top: first.slice('worktree '.length), commonDir };
}
