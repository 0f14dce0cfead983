/** Where a repository's shared pieces live, whichever worktree weft was started in. */
import { NotARepoError } from '../errors.js';
import { gitQuick as git } from './git.js';
import { baseRevArgs, parseBaseLines, type ResolvedBase, resolveBase } from './refs.js';

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

const LOCATION_ARGS = [
  'rev-parse',
  '--path-format=absolute',
  '--git-dir',
  '--git-common-dir',
  '--show-toplevel',
];

function notARepo(cwd: string, stderr: string): NotARepoError {
  if (/must be run in a work tree/.test(stderr)) {
    return new NotARepoError(`${cwd} has no working tree (a bare repository or a .git directory)`);
  }
  return new NotARepoError(`${cwd} is not inside a git repository`, { details: [stderr.trim()] });
}

async function locationFrom(cwd: string, lines: readonly string[]): Promise<RepoLocation> {
  const [gitDir, commonDir, cwdTop] = lines;
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

/**
 * Resolve the main worktree and common git dir from any directory inside the
 * repository (including a linked worktree) with one git call (two in a linked
 * worktree). Throws NotARepoError outside a repository, in a bare one, and
 * inside `.git` (there is no work tree to branch from).
 */
export async function resolveRepo(cwd: string): Promise<RepoLocation> {
  const r = await git(LOCATION_ARGS, { cwd, okCodes: [128] });
  if (r.exitCode !== 0) throw notARepo(cwd, r.stderr);
  return locationFrom(cwd, r.stdout.split('\n'));
}

/**
 * `resolveRepo` and `resolveBase` in one git process (the common case of a
 * spawn). `base` is undefined when it names no commit.
 */
export async function resolveRepoAndBase(
  cwd: string,
  baseRef: string,
): Promise<{ repo: RepoLocation; base?: ResolvedBase }> {
  const baseArgs = baseRevArgs(baseRef);
  if (baseArgs !== undefined) {
    const r = await git([...LOCATION_ARGS, ...baseArgs], { cwd, okCodes: [128] });
    if (r.exitCode === 0) {
      const lines = r.stdout.split('\n');
      return { repo: await locationFrom(cwd, lines), base: parseBaseLines(lines.slice(3)) };
    }
  }
  // The base (or the repository) is the problem: find out which, the slow way.
  const repo = await resolveRepo(cwd);
  return { repo, base: await resolveBase(cwd, baseRef) };
}
