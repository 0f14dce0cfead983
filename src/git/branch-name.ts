/** Branch names weft will create: what git accepts, minus what only git's shorthand accepts. */
import { BranchError } from '../errors.js';
import { gitQuick } from './git.js';

/**
 * Throws BranchError unless `name` is a branch name git would create
 * (`git check-ref-format --branch`). That command also accepts shorthands it
 * expands (`@{-1}`, `-`) and `HEAD`; none of them names a new branch, and a
 * leading `-` would read as an option.
 */
export async function assertValidBranchName(name: string, cwd: string): Promise<void> {
  if (name.trim() === '') throw new BranchError('the branch name is empty');
  if (name.startsWith('-') || name === 'HEAD' || name.includes('@{') || name === '@') {
    throw new BranchError(`"${name}" is not a valid git branch name`);
  }
  const r = await gitQuick(['check-ref-format', '--branch', name], { cwd, okCodes: [1, 128] });
  if (r.exitCode !== 0) throw new BranchError(`"${name}" is not a valid git branch name`);
}
