/**
 * The integration branch is weft's alone: only the integrator moves it. When
 * something else did — an agent that checked it out in its worktree and
 * committed there — weft puts it back where it left it, and keeps the commit
 * it had been moved to on a branch (listed with the run's unmerged branches),
 * so that nothing is lost and nothing unvalidated is merged.
 */
import { git } from '../git/git.js';
import { resolveCommits } from '../git/merge.js';
import { withRepoLock } from '../git/repo-lock.js';
import type { RepoPaths } from '../git/repo-paths.js';

/** Restore `branch` to `expected`; returns the branch that keeps what it pointed at, or undefined when it had not moved. */
export async function restoreIntegration(
  repo: RepoPaths,
  branch: string,
  expected: string,
  rescuePrefix: string,
): Promise<string | undefined> {
  const ref = `refs/heads/${branch}`;
  const [actual] = await resolveCommits(repo.top, [ref]);
  if (actual === undefined || actual === expected) return undefined;
  const rescue = `${rescuePrefix}integration-moved-${actual.slice(0, 10)}`;
  await withRepoLock(repo.commonDir, async () => {
    await git(['branch', '--no-track', '--', rescue, actual], { cwd: repo.top, okCodes: [128] });
    await git(['update-ref', '-m', 'weft: restore the integration branch', ref, expected, actual], {
      cwd: repo.top,
    });
  });
  return rescue;
}
