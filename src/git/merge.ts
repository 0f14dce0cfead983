/**
 * Integration without a worktree: `merge-tree --write-tree` computes the
 * merge, `commit-tree` records it, `update-ref` moves the integration branch
 * with the expected old value (compare-and-swap), so a concurrent move fails
 * loudly instead of losing commits. No index or working tree is touched:
 * ~2–10 ms per merge however large the repository (docs/session.md).
 */
import { BranchError, RefusedError } from '../errors.js';
import { chaosPoint } from '../util/chaos-point.js';
import type { CommitWriter } from './commit-writer.js';
import { git, gitOut } from './git.js';
import { type MergeMessage, mergeTree } from './merge-tree.js';

export type { MergeMessage } from './merge-tree.js';

/** The integration ref moved between reading it and updating it. */
export class RefMovedError extends RefusedError {
  constructor(
    readonly ref: string,
    readonly expected: string,
    readonly actual: string | undefined,
  ) {
    super(
      'E_REF_MOVED',
      `${ref} moved while weft was updating it (expected ${expected.slice(0, 10)}, found ${actual?.slice(0, 10) ?? 'nothing'}); nothing was changed`,
    );
  }
}

export interface GitIdentityEnv {
  /** Extra environment for commit-tree, e.g. GIT_AUTHOR_NAME / GIT_COMMITTER_NAME. */
  env?: Record<string, string>;
}

export interface IntegrateOptions extends GitIdentityEnv {
  /** Any directory of the repository. */
  repo: string;
  /** `weft/<run-id>` or `refs/heads/weft/<run-id>`; it must exist. */
  integrationRef: string;
  /** Branch (or commit) to merge. */
  branch: string;
  message: string;
  /** Compare-and-swap against this head instead of the value read at the start. */
  expectedHead?: string;
  /**
   * The branch's commit when the caller knows it, with `expectedHead` and a
   * branch known not to be merged yet (it just finished): two git calls fewer.
   */
  branchCommit?: string;
  /** Writes the merge commit without a `commit-tree` process when it can. */
  writer?: CommitWriter;
}

export type IntegrationResult =
  | { status: 'merged'; commit: string; tree: string; previous: string; branchCommit: string }
  | { status: 'conflict'; files: string[]; messages: MergeMessage[]; head: string; branchCommit: string }
  /** The branch is already contained in the integration branch (e.g. merged before a crash). */
  | { status: 'up-to-date'; head: string; branchCommit: string };

/** `weft/x` → `refs/heads/weft/x`; full refs are kept. */
export function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
}

/**
 * Resolve names to commit ids in one git call. Names go through stdin, so a
 * name can never be read as an option. Missing ones map to undefined.
 */
export async function resolveCommits(
  repo: string,
  names: readonly string[],
): Promise<(string | undefined)[]> {
  if (names.some((n) => n.includes('\n'))) return names.map(() => undefined);
  const out = await gitOut(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    cwd: repo,
    input: `${names.map((n) => `${n}^{commit}`).join('\n')}\n`,
  });
  return out.split('\n').map((line) => {
    const [oid, type] = line.split(' ');
    return type === 'commit' ? oid : undefined;
  });
}

async function resolveAll(repo: string, names: Record<string, string>): Promise<Record<string, string>> {
  const keys = Object.keys(names);
  const ids = await resolveCommits(repo, Object.values(names));
  const missing = keys.filter((_, i) => ids[i] === undefined);
  if (missing.length > 0) {
    const what = missing.map((k) => `${k} "${names[k]}"`).join(', ');
    throw new BranchError(`${what}: no such commit in ${repo}`);
  }
  return Object.fromEntries(keys.map((k, i) => [k, ids[i]!]));
}

async function commitTree(
  repo: string,
  tree: string,
  parents: string[],
  message: string,
  env?: Record<string, string>,
): Promise<string> {
  const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'];
  return (await gitOut(args, { cwd: repo, input: message, ...(env ? { env } : {}) })).trim();
}

/** Move `ref` from `expected` to `next`, or throw RefMovedError. */
async function casUpdate(
  repo: string,
  ref: string,
  next: string,
  expected: string,
  reason: string,
): Promise<void> {
  const r = await git(['update-ref', '-m', reason, ref, next, expected], { cwd: repo, okCodes: [1, 128] });
  if (r.exitCode !== 0) {
    const [actual] = await resolveCommits(repo, [ref]);
    throw new RefMovedError(ref, expected, actual);
  }
}

async function currentHead(repo: string, ref: string, expectedHead: string | undefined): Promise<string> {
  const head = (await resolveAll(repo, { 'integration branch': ref }))['integration branch']!;
  if (expectedHead !== undefined && head !== expectedHead) throw new RefMovedError(ref, expectedHead, head);
  return head;
}

/** Merge `branch` into the integration branch as a two-parent merge commit (never a fast-forward). */
export async function integrateBranch(options: IntegrateOptions): Promise<IntegrationResult> {
  const { repo } = options;
  const ref = fullRef(options.integrationRef);
  let head: string;
  let branchCommit: string;
  if (options.expectedHead !== undefined && options.branchCommit !== undefined) {
    // Known commits of a branch that just finished: the compare-and-swap below still guards the ref.
    head = options.expectedHead;
    branchCommit = options.branchCommit;
  } else {
    // One git call resolves both names.
    const ids = await resolveAll(repo, { 'integration branch': ref, branch: options.branch });
    head = ids['integration branch']!;
    branchCommit = ids.branch!;
    if (options.expectedHead !== undefined && head !== options.expectedHead) {
      throw new RefMovedError(ref, options.expectedHead, head);
    }
    const contained = await git(['merge-base', '--is-ancestor', branchCommit, head], {
      cwd: repo,
      okCodes: [1],
    });
    if (contained.exitCode === 0) return { status: 'up-to-date', head, branchCommit };
  }

  const merged = await mergeTree(repo, head, branchCommit);
  if (!merged.clean) {
    return { status: 'conflict', files: merged.files, messages: merged.messages, head, branchCommit };
  }
  const commit =
    (await options.writer?.write(merged.tree, [head, branchCommit], options.message, options.env)) ??
    (await commitTree(repo, merged.tree, [head, branchCommit], options.message, options.env));
  chaosPoint('merge:commit-tree');
  await casUpdate(repo, ref, commit, head, `weft: merge ${options.branch}`);
  return { status: 'merged', commit, tree: merged.tree, previous: head, branchCommit };
}

/** Files that would conflict if `refA` and `refB` were merged; nothing is updated. */
export async function predictConflicts(repo: string, refA: string, refB: string): Promise<string[]> {
  const { a, b } = await resolveAll(repo, { a: refA, b: refB });
  return (await mergeTree(repo, a!, b!, { messages: false })).files;
}

export interface RevertOptions extends GitIdentityEnv {
  repo: string;
  integrationRef: string;
  /** The merge commit (made by integrateBranch) whose changes to undo. */
  mergeCommit: string;
  message: string;
  expectedHead?: string;
}

export type RevertResult =
  | { status: 'reverted'; commit: string; tree: string; previous: string }
  /** Later merges changed the same lines: the revert cannot be computed cleanly. */
  | { status: 'conflict'; files: string[]; head: string };

/**
 * Undo one merge on the integration branch with a new commit (history is
 * kept; the task branch is untouched). When the merge is the head, the new
 * commit gets the tree from before it; when later merges followed, their work
 * stays and only this merge's changes are taken out.
 */
export async function revertOnIntegration(options: RevertOptions): Promise<RevertResult> {
  const { repo } = options;
  const ref = fullRef(options.integrationRef);
  const head = await currentHead(repo, ref, options.expectedHead);
  const { before } = await resolveAll(repo, { before: `${options.mergeCommit}^1` });
  const beforeTree = await gitOut(['rev-parse', '--verify', `${before}^{tree}`], { cwd: repo });
  let tree = beforeTree;
  if (head !== options.mergeCommit) {
    // A commit "mergeCommit → tree before it", merged into head: the merge base
    // is mergeCommit, so the result is head minus exactly that merge's changes.
    const undo = await commitTree(repo, beforeTree, [options.mergeCommit], 'weft: undo', options.env);
    const merged = await mergeTree(repo, head, undo, { messages: false });
    if (!merged.clean) return { status: 'conflict', files: merged.files, head };
    tree = merged.tree;
  }
  const commit = await commitTree(repo, tree, [head], options.message, options.env);
  await casUpdate(repo, ref, commit, head, `weft: revert ${options.mergeCommit.slice(0, 10)}`);
  return { status: 'reverted', commit, tree, previous: head };
}

/** Files `ref` changed since its merge base with `base` (both sides of a rename). */
export async function changedFiles(repo: string, base: string, ref: string): Promise<string[]> {
  const { b, r } = await resolveAll(repo, { b: base, r: ref });
  const out = await gitOut(['diff', '--name-only', '-z', '--no-renames', `${b}...${r}`], { cwd: repo });
  return out.split('\0').filter((p) => p !== '');
}

/** Worktrees that have `ref` checked out (the integration branch must have none). */
export async function worktreesOnBranch(repo: string, ref: string): Promise<string[]> {
  const out = await gitOut(['worktree', 'list', '--porcelain', '-z'], { cwd: repo });
  const target = fullRef(ref);
  const paths: string[] = [];
  let current = '';
  for (const field of out.split('\0')) {
    if (field.startsWith('worktree ')) current = field.slice(9);
    else if (field === `branch ${target}`) paths.push(current);
  }
  return paths;
}
