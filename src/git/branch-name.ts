/**
 * Branch names weft will create, checked without a process: git's own rules
 * for `git check-ref-format --branch` (see git-check-ref-format(1)), minus the
 * shorthands that command expands (`@`, `@{-1}`, `-`) and `HEAD`, none of which
 * names a new branch. test/unit/workers/branch-name.test.ts compares this with
 * git on generated names. (Were git ever stricter, `git worktree add -b` would
 * still refuse the name before creating anything.)
 */
import { BranchError } from '../errors.js';

/** NAME_MAX of common file systems (ext4, xfs, apfs, ntfs). */
const MAX_COMPONENT_BYTES = 255;

/** Control characters, space and the characters git reserves for revision syntax. */
const FORBIDDEN = /[\x00-\x20\x7f~^:?*[\\]/;

/** Why git would refuse `name` as a new branch, or undefined when it is valid. */
export function branchNameProblem(name: string): string | undefined {
  if (name === '') return 'the branch name is empty';
  if (name.startsWith('-')) return `"${name}" starts with "-"`;
  if (name === 'HEAD' || name === '@' || name.includes('@{')) return `"${name}" is git revision shorthand`;
  if (FORBIDDEN.test(name)) return `"${name}" contains a space, a control character or one of ~ ^ : ? * [ \\`;
  if (name.includes('..')) return `"${name}" contains ".."`;
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//'))
    return `"${name}" has an empty path component`;
  if (name.endsWith('.')) return `"${name}" ends with "."`;
  for (const part of name.split('/')) {
    // Each component is a file name (the ref, the worktree folder): the file system caps it.
    if (Buffer.byteLength(part) > MAX_COMPONENT_BYTES)
      return `"${name.slice(0, 40)}…" has a component longer than ${MAX_COMPONENT_BYTES} bytes`;
    if (part.startsWith('.')) return `"${name}" has a component starting with "."`;
    if (part.endsWith('.lock')) return `"${name}" has a component ending with ".lock"`;
  }
  return undefined;
}

/** Throws BranchError unless `name` is a branch name git would create. */
export function assertValidBranchName(name: string): void {
  const problem = branchNameProblem(name);
  if (problem !== undefined) throw new BranchError(`not a valid git branch name: ${problem}`);
}
