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
  /** The branch keeping the commit it had been moved to. */
  rescue?: string;
}

/** Put `branch` back at `expected`; undefined when it had not moved. */
export async function restoreIntegration(
  repo: RepoPaths,
  branch: string,
  expected: string,
  rescuePrefix: string,
): Promise<Restored | undefined> {
  const ref = `refs/heads/${branch}`;
  const [actual] = await resolveCommits(repo.top, [ref]);
  if (actual === expected) return undefined;
  const at = expected.slice(0, 10);
  if (actual === undefined) {
    await withRepoLock(repo.commonDir, () =>
      git(['update-ref', '-m', 'weft: recreate the integration branch', ref, expected, ''], {
        cwd: repo.top,
      }),
    );
    return { message: `the integration branch ${branch} was deleted while weft ran: recreated at ${at}` };
  }
  const rescue = `${rescuePrefix}integration-moved-${actual.slice(0, 10)}`;
  await withRepoLock(repo.commonDir, async () => {
    await git(['branch', '--no-track', '--', rescue, actual], { cwd: repo.top, okCodes: [128] });
    await git(['update-ref', '-m', 'weft: restore the integration branch', ref, expected, actual], {
      cwd: repo.top,
    });
  });
  return {
    message: `the integration branch ${branch} was moved by something other than weft: restored to ${at}; the commit it pointed at is kept on ${rescue}`,
    rescue,
  };
}
