/**
 * What a fresh worktree lacks and an agent needs: the untracked `.env*` files
 * at the top of the repository (API keys, local settings) and the gitignored
 * files matching `.worktreeinclude` (gitignore syntax; the convention other
 * agent tools read). Files already in the worktree (tracked ones) are left as
 * checked out.
 */
import { copyFile, lstat, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { git } from '../git/git.js';

export const WORKTREE_INCLUDE_FILE = '.worktreeinclude';

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

async function envFiles(top: string): Promise<string[]> {
  const entries = await readdir(top, { withFileTypes: true });
  return entries
    .filter((e) => e.name.startsWith('.env') && (e.isFile() || e.isSymbolicLink()))
    .map((e) => e.name);
}

function nulList(text: string): string[] {
  return text.split('\0').filter((p) => p !== '');
}

/** Untracked files that are gitignored AND match a `.worktreeinclude` pattern. */
async function includedFiles(top: string): Promise<string[]> {
  const includeFile = join(top, WORKTREE_INCLUDE_FILE);
  if (!(await exists(includeFile))) return [];
  const [listed, ignored] = await Promise.all([
    git(['ls-files', '-z', '--others', '--ignored', `--exclude-from=${includeFile}`], { cwd: top }),
    git(['ls-files', '-z', '--others', '--ignored', '--exclude-standard'], { cwd: top }),
  ]);
  const ignoredSet = new Set(nulList(ignored.stdout));
  return nulList(listed.stdout).filter((p) => ignoredSet.has(p));
}

/** Repo-relative paths to bring into a new worktree (not yet filtered by what it already has). */
export async function carryOverCandidates(top: string): Promise<string[]> {
  const [env, included] = await Promise.all([envFiles(top), includedFiles(top)]);
  return [...new Set([...env, ...included])].sort();
}

/**
 * Copy each candidate the worktree does not already have; returns what was
 * copied. Symlinks are copied as links. Paths that would leave either tree are skipped.
 */
export async function carryOver(top: string, worktree: string, paths: readonly string[]): Promise<string[]> {
  const copied: string[] = [];
  for (const rel of paths) {
    const from = resolve(top, rel);
    const to = resolve(worktree, rel);
    if (!from.startsWith(top + sep) || !to.startsWith(worktree + sep)) continue;
    if (await exists(to)) continue;
    const info = await lstat(from).catch(() => undefined);
    if (info === undefined) continue;
    await mkdir(dirname(to), { recursive: true });
    if (info.isSymbolicLink()) await symlink(await readlink(from), to);
    else if (info.isFile()) await copyFile(from, to);
    else continue;
    copied.push(rel);
  }
  return copied;
}
