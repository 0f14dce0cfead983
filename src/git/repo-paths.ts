/** Where a repository's shared pieces live, whichever worktree weft was started in. */
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NotARepoError } from '../errors.js';
import { git } from './git.js';
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
  const quick = await readMainLocation(cwd);
  if (quick !== undefined) return quick;
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
  if (baseRef === 'HEAD') {
    const quick = await readMainCheckout(cwd);
    if (quick !== undefined) return quick;
  }
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

/** Environment that changes how git finds a repository: then git is asked. */
const DISCOVERY_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_CEILING_DIRECTORIES',
  'GIT_INDEX_FILE',
];

/**
 * Where the repository is, read from files instead of a git process, when
 * `cwd` is in the main worktree of a repository with a `.git` folder and plain
 * config (not bare, no core.worktree, the files ref store). Anything else — a
 * linked worktree, a discovery variable set — returns undefined and git is
 * asked. The answer is the one `git rev-parse` gives.
 */
async function readMainLocation(cwd: string): Promise<RepoLocation | undefined> {
  if (DISCOVERY_ENV.some((k) => process.env[k] !== undefined)) return undefined;
  let dir = await realpath(cwd).catch(() => undefined);
  while (dir !== undefined) {
    const dotGit = await stat(join(dir, '.git')).catch(() => undefined);
    // A `.git` file: a linked worktree or a submodule, which git resolves.
    if (dotGit !== undefined) {
      if (!dotGit.isDirectory()) return undefined;
      break;
    }
    if (dir.split('/').includes('.git')) return undefined; // inside a git dir: no work tree
    const up = dirname(dir);
    dir = up === dir ? undefined : up;
  }
  if (dir === undefined) return undefined;
  const gitDir = join(dir, '.git');
  const config = await readFile(join(gitDir, 'config'), 'utf8').catch(() => undefined);
  if (config === undefined || /^\s*(bare\s*=\s*true|worktree\s*=|refstorage\s*=)/im.test(config))
    return undefined;
  return { top: dir, commonDir: gitDir, gitDir, cwdTop: dir };
}

/**
 * The usual case of `weft spawn`, read from files instead of a git process:
 * the repository as `readMainLocation` finds it, and HEAD on a branch whose
 * ref is a loose or packed file, or detached. Anything else — an unborn
 * branch included — returns undefined and git is asked as before.
 */
export async function readMainCheckout(
  cwd: string,
): Promise<{ repo: RepoLocation; base: ResolvedBase } | undefined> {
  const location = await readMainLocation(cwd);
  if (location === undefined) return undefined;
  const gitDir = location.gitDir;
  const head = (await readFile(join(gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(head)) return { repo: location, base: { commit: head } };
  const ref = /^ref: (refs\/heads\/\S+)$/.exec(head)?.[1];
  if (ref === undefined) return undefined;
  const commit = await readRefFile(gitDir, ref);
  return commit === undefined ? undefined : { repo: location, base: { commit, fullName: ref } };
}

/** A ref's commit from its loose file, else from packed-refs; undefined when neither has it. */
async function readRefFile(gitDir: string, ref: string): Promise<string | undefined> {
  const sha = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
  const loose = (await readFile(join(gitDir, ...ref.split('/')), 'utf8').catch(() => '')).trim();
  if (sha.test(loose)) return loose;
  if (loose !== '') return undefined; // a symbolic ref or something odd: git knows best
  const packed = await readFile(join(gitDir, 'packed-refs'), 'utf8').catch(() => '');
  for (const line of packed.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1).trimEnd() === ref && sha.test(line.slice(0, space))) {
      return line.slice(0, space);
    }
  }
  return undefined;
}
