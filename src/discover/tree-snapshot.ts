/**
 * Proof that discovery stayed read-only: the working tree's changed and
 * untracked files (with their modification times) before and after. A path
 * that appears, disappears or is modified again in between is reported.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../git/git.js';

export type TreeSnapshot = Map<string, string>;

export async function snapshotTree(top: string): Promise<TreeSnapshot> {
  const r = await git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'], {
    cwd: top,
  });
  const snapshot: TreeSnapshot = new Map();
  const entries = r.stdout.split('\0').filter((e) => e.length > 3);
  await Promise.all(
    entries.map(async (entry) => {
      const path = entry.slice(3);
      const mtime = await stat(join(top, path)).then(
        (s) => String(s.mtimeMs),
        () => 'missing',
      );
      snapshot.set(path, `${entry.slice(0, 2)} ${mtime}`);
    }),
  );
  return snapshot;
}

/** Paths whose state differs between two snapshots, sorted. */
export function changedPaths(before: TreeSnapshot, after: TreeSnapshot): string[] {
  const paths = new Set<string>();
  for (const [path, state] of after) if (before.get(path) !== state) paths.add(path);
  for (const path of before.keys()) if (!after.has(path)) paths.add(path);
  return [...paths].sort();
}
