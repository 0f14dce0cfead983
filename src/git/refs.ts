/**
 * Reading refs for a new worktree cheaply: the base is resolved by the same
 * `git rev-parse` that finds the repository, and whether a branch name is
 * taken is read from the ref files (the "files" ref store of git 2.39; with
 * any other store git is asked).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from './git.js';
import type { RepoPaths } from './repo-paths.js';

export interface ResolvedBase {
  commit: string;
  /** The ref the base names (`refs/heads/main`, `refs/remotes/origin/main`; for `HEAD`, the checked-out branch). */
  fullName?: string;
}

/**
 * `git rev-parse` arguments that print the base's commit and the full name of
 * the ref it names; undefined for text that cannot be a revision (it would
 * read as an option, or has control characters).
 */
export function baseRevArgs(base: string): string[] | undefined {
  if (base === '' || base.startsWith('-') || /[\0-\x1f\x7f]/.test(base)) return undefined;
  return [`${base}^{commit}`, '--symbolic-full-name', base, '--'];
}

/** Parse what `baseRevArgs` made rev-parse print (from the base's commit line on). */
export function parseBaseLines(lines: readonly string[]): ResolvedBase | undefined {
  const [commit, next] = lines;
  if (commit === undefined || !/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
  return next?.startsWith('refs/') ? { commit, fullName: next } : { commit };
}

/** The commit `base` names, read in `cwd`; undefined when it names none. */
export async function resolveBase(cwd: string, base: string): Promise<ResolvedBase | undefined> {
  const args = baseRevArgs(base);
  if (args === undefined) return undefined;
  const r = await git(['rev-parse', ...args], { cwd, okCodes: [128] });
  return r.exitCode === 0 ? parseBaseLines(r.stdout.split('\n')) : undefined;
}

async function kind(path: string): Promise<'file' | 'dir' | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return undefined;
  return info.isDirectory() ? 'dir' : 'file';
}

/**
 * Whether creating `refs/heads/<branch>` would clash: the branch exists, a
 * branch below it exists (`x/y` when creating `x`), or one above it (`x` when
 * creating `x/y`) — git refuses all three.
 */
export async function branchTaken(repo: RepoPaths, branch: string): Promise<boolean> {
  if ((await kind(join(repo.commonDir, 'reftable'))) !== undefined) {
    const r = await git(['for-each-ref', '--format=%(refname)', `refs/heads/${branch}`], {
      cwd: repo.top,
    });
    return r.stdout !== '';
  }
  const parts = branch.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const found = await kind(join(repo.commonDir, 'refs', 'heads', ...parts.slice(0, i)));
    if (found === undefined) break;
    if (found === 'file') return true;
    if (i === parts.length && (await readdir(join(repo.commonDir, 'refs', 'heads', ...parts))).length > 0)
      return true;
  }
  const packed = await readFile(join(repo.commonDir, 'packed-refs'), 'utf8').catch(() => '');
  const ref = `refs/heads/${branch}`;
  for (const line of packed.split('\n')) {
    const name = line.slice(line.indexOf(' ') + 1);
    if (line.startsWith('#') || line.startsWith('^')) continue;
    if (name === ref || name.startsWith(`${ref}/`) || ref.startsWith(`${name}/`)) return true;
  }
  return false;
}
