/**
 * The integration branch is weft's alone: only the integrator moves it. When
 * something else did — an agent that checked it out in its worktree and
 * committed there — weft puts it back where it left it, and keeps the commit
 * it had been moved to on a branch (listed with the run's unmerged branches),
 * so that nothing is lost and nothing unvalidated is merged. Deleted (by
 * hand), it is recreated where weft left it.
 */
import { git } from '../git/git.js';
import { resolveCommits } from '../git/merge.js';
import { withRepoLock } from '../git/repo-lock.js';
import type { RepoPaths } from '../git/repo-paths.js';

export interface Restored {
  /** What happened, for the run's warnings. */
  message: string;
  /** The branch keeping the commit it had been moved to (the last, when it moved several times). */
  rescue?: string;
  /** Every branch made to keep a commit it had been moved to. */
  rescues?: string[];
}

/** How many moves in a row one restore follows (agents may move the branch while it is put back). */
const MAX_MOVES = 20;

/**
 * Put `branch` back at `expected`; undefined when it had not moved. Should it
 * move again while being put back, the newer commit is kept too and the
 * restore tried again.
 */
export async function restoreIntegration(
  repo: RepoPaths,
  branch: string,
  expected: string,
  rescuePrefix: string,
): Promise<Restored | undefined> {
  const ref = `refs/heads/${branch}`;
  const at = expected.slice(0, 10);
  const rescues: string[] = [];
  const result = (recreated: boolean): Restored | undefined => {
    if (rescues.length === 0) {
      return recreated
        ? { message: `the integration branch ${branch} was deleted while weft ran: recreated at ${at}` }
        : undefined;
    }
    const kept =
      rescues.length === 1
        ? `the commit it pointed at is kept on ${rescues[0]}`
        : `the commits it pointed at are kept on ${rescues.join(', ')}`;
    return {
      message: `the integration branch ${branch} was moved by something other than weft: restored to ${at}; ${kept}`,
      rescue: rescues.at(-1) as string,
      rescues,
    };
  };
  let lastError = '';
  for (let tries = 0; tries < MAX_MOVES; tries++) {
    const [actual] = await resolveCommits(repo.top, [ref]);
    if (actual === expected) return result(false);
    const rescue =
      actual === undefined ? undefined : `${rescuePrefix}integration-moved-${actual.slice(0, 10)}`;
    const r = await withRepoLock(repo.commonDir, async () => {
      if (rescue !== undefined) {
        await git(['branch', '--no-track', '--', rescue, actual as string], {
          cwd: repo.top,
          okCodes: [128],
        });
      }
      // Compare-and-swap against what was just read ('' = must not exist).
      const message = `weft: ${actual === undefined ? 'recreate' : 'restore'} the integration branch`;
      return git(['update-ref', '-m', message, ref, expected, actual ?? ''], {
        cwd: repo.top,
        okCodes: [128],
      });
    });
    if (rescue !== undefined) rescues.push(rescue);
    if (r.exitCode === 0) return result(actual === undefined);
    lastError = r.stderr.trim(); // it moved again meanwhile: look again
  }
  throw new Error(`could not put the integration branch ${branch} back at ${at}: ${lastError}`);
}
