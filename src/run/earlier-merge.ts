/**
 * A finished branch that is already on the integration branch when weft
 * integrates it was merged by a weft that died before journaling it. Which
 * merge commit brought it in, and did the test gate revert that merge before
 * the crash? Resume needs both: a reverted merge is a failed attempt, not a
 * merged task, and a merge that now fails the gate must be reverted.
 */
import { gitOut } from '../git/git.js';

export interface EarlierMerge {
  /** The first-parent merge commit whose second parent is the branch's commit. */
  merge?: string;
  /** A later commit on the integration branch reverted that merge. */
  reverted: boolean;
}

/** The trailer weft puts in a revert's message, naming the merge it undoes. */
export function revertTrailer(mergeCommit: string): string {
  return `Reverts: ${mergeCommit}`;
}

export async function findEarlierMerge(
  repo: string,
  head: string,
  branchCommit: string,
): Promise<EarlierMerge> {
  // Only the commits since the branch started can have merged it: `^branchCommit` bounds the walk.
  const out = await gitOut(
    ['log', '--first-parent', '--format=%H%x00%P%x00%B%x1e', head, `^${branchCommit}`, '--'],
    { cwd: repo },
  );
  const commits = out
    .split('\x1e')
    .map((c) => c.replace(/^\n/, ''))
    .filter((c) => c !== '')
    .map((c) => {
      const [id = '', parents = '', body = ''] = c.split('\0');
      return { id, parents: parents.split(' '), body };
    });
  // Newest first: a revert of the merge, if any, comes before the merge itself.
  const at = commits.findIndex((c) => c.parents[1] === branchCommit);
  if (at === -1) return { reverted: false };
  const merge = commits[at]!.id;
  const reverted = commits.slice(0, at).some((c) => c.body.includes(revertTrailer(merge)));
  return { merge, reverted };
}
