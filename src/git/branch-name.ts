/** Branch names weft will create: what git accepts, minus what only git's shorthand accepts. */
import { BranchError } from '../errors.js';
import { checkBranchName } from './git.js';

/**
 * Throws BranchError unless `name` is a branch name git would create.
 * `check-ref-format --branch` also accepts shorthands (`@{-1}`, `-`) that it
 * expands, and `HEAD`; none of them is a name of a new branch.
 */
export async function assertValidBranchName(name: string, cwd: string): Promise<void> {
  if (name.trim() === '') throw new BranchError('the branch name is empty');
  if (name === 'HEAD' || name.includes('@{') || name === '@') {
    throw new BranchError(`"${name}" is not a valid git branch name`);
  }
  const problem = await checkBranchName(name, cwd);
  if (problem !== undefined) throw new BranchError(problem);
}
