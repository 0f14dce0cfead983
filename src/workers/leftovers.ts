/**
 * Never lose work: whatever the agent left uncommitted in its worktree is
 * committed on its branch when it ends, however it ended. Files weft itself
 * put there (the plan copy, `.env` files) are not part of that commit. Hooks
 * are skipped (`--no-verify`): this commit only preserves work, and a failing
 * hook must not lose it.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GitError } from '../errors.js';
import type { CommitWriter } from '../git/commit-writer.js';
import { git, gitOut } from '../git/git.js';
import type { RepoPaths } from '../git/repo-paths.js';

/** Committer used only when the repository has no identity configured, so the commit cannot fail for want of one. */
const FALLBACK_IDENTITY = ['-c', 'user.name=weft', '-c', 'user.email=weft@localhost'];

/**
 * The branch the worktree's HEAD is on, or undefined when detached. Read from
 * the worktree's own HEAD file (`.git` names its git dir): no process needed.
 */
export async function currentBranch(worktree: string): Promise<string | undefined> {
  const dotGit = join(worktree, '.git');
  const link = await readFile(dotGit, 'utf8').catch(() => undefined);
  const gitDir = link === undefined ? dotGit : /^gitdir: (.+)$/m.exec(link)?.[1]?.trim();
  if (gitDir === undefined) return undefined;
  const head = await readFile(resolve(worktree, gitDir, 'HEAD'), 'utf8').catch(() => '');
  return /^ref: refs\/heads\/(.+)$/m.exec(head)?.[1]?.trim();
}

/**
 * The commit a branch points at. Right after a commit the branch is a loose
 * ref file in the common git dir (git writes loose refs on update), so this
 * usually costs a file read; otherwise git is asked.
 */
export async function branchHead(repo: RepoPaths, branch: string): Promise<string | undefined> {
  const loose = await readFile(join(repo.commonDir, 'refs', 'heads', ...branch.split('/')), 'utf8').catch(
    () => '',
  );
  if (/^[0-9a-f]{40}([0-9a-f]{24})?\s*$/.test(loose)) return loose.trim();
  const r = await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], {
    cwd: repo.top,
    okCodes: [1],
  });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/**
 * Stage everything except `exclude` (worktree-relative paths) and commit it
 * with `message`; false when there was nothing to commit. (The new commit is
 * the branch's head; callers that track the branch learn its id from there.)
 * `parent`: the commit HEAD is known to be at, on a branch — the commit is then
 * made with plumbing (`write-tree`, `commit-tree`, `update-ref` against
 * `parent`), which skips the second scan of the work tree `git commit` makes:
 * about half the cost in a large repository.
 */
export async function commitLeftovers(
  worktree: string,
  message: string,
  exclude: readonly string[] = [],
  parent?: string,
): Promise<boolean> {
  await stageAll(worktree, exclude);
  if (parent !== undefined) return commitIndex(worktree, message, parent);
  const commitArgs = ['commit', '--quiet', '--no-verify', '--no-gpg-sign', '-m', message];
  let r = await git(commitArgs, { cwd: worktree, okCodes: [1, 128] });
  if (r.exitCode === 1 && /nothing (added )?to commit|no changes added/i.test(r.stdout + r.stderr))
    return false;
  if (r.exitCode === 128 && NO_IDENTITY.test(r.stderr)) {
    r = await git([...FALLBACK_IDENTITY, ...commitArgs], { cwd: worktree, okCodes: [1] });
  }
  if (r.exitCode !== 0) throw new GitError(commitArgs, r.exitCode, r.stderr || r.stdout);
  return true;
}

const NO_IDENTITY = /tell me who you are|empty ident|user\.(name|email)/i;

/** `git add -A` of everything except `exclude` (worktree-relative paths). */
async function stageAll(worktree: string, exclude: readonly string[]): Promise<void> {
  const pathspec = ['.', ...exclude.map((p) => `:(exclude,literal,top)${p}`)];
  const add = await git(['add', '-A', '--', ...pathspec], { cwd: worktree, okCodes: [1] });
  // Excluding a path that is also gitignored makes git complain (exit 1) after staging everything else.
  if (add.exitCode !== 0 && !/are ignored by one of your \.gitignore files/.test(add.stderr)) {
    throw new GitError(['add', '-A', '--', ...pathspec], add.exitCode, add.stderr);
  }
}

/**
 * `commitLeftovers` with the parent known, and what the branch now changes
 * since `since` (`git diff --name-status -z` output), read from the staged
 * index while the commit is made rather than after it.
 */
export async function commitLeftoversSince(
  worktree: string,
  message: string,
  exclude: readonly string[],
  parent: string,
  since: string,
  known: { sinceTree?: string | undefined; writer?: CommitWriter | undefined } = {},
): Promise<{ committed: boolean; nameStatus: string }> {
  await stageAll(worktree, exclude);
  const diff = gitOut(
    ['diff', '--cached', '--name-status', '-z', '--no-renames', '--ignore-submodules=none', since, '--'],
    { cwd: worktree },
  );
  // With the agent's own commits absent (parent = since), the parent's tree is `sinceTree` when
  // known; else the index differs from the parent exactly when the diff is not empty. Either
  // way git need not be asked for the parent's tree.
  const parentTree = parent === since ? known.sinceTree : undefined;
  const unchanged = parent !== since || parentTree !== undefined ? undefined : diff.then((d) => d === '');
  const committed = await commitIndex(worktree, message, parent, {
    unchanged,
    parentTree,
    writer: known.writer,
  }).catch(async (err: unknown) => {
    await diff.catch(() => undefined);
    throw err;
  });
  return { committed, nameStatus: await diff };
}

/**
 * Commit the index on the branch HEAD names, whose head is `parent`; false when
 * the index holds `parent`'s tree (`unchanged` tells, or `parentTree` is that
 * tree, when the caller knows).
 */
async function commitIndex(
  worktree: string,
  message: string,
  parent: string,
  known: {
    unchanged?: Promise<boolean> | undefined;
    parentTree?: string | undefined;
    writer?: CommitWriter | undefined;
  } = {},
): Promise<boolean> {
  const { unchanged, parentTree } = known;
  const writeTree = gitOut(['write-tree'], { cwd: worktree });
  const same =
    unchanged ??
    Promise.all([
      writeTree,
      parentTree ?? gitOut(['rev-parse', '--verify', `${parent}^{tree}`], { cwd: worktree }),
    ]).then(([tree, other]) => tree === other);
  const [tree] = await Promise.all([writeTree, same]);
  if (await same) return false;
  // As `commit-tree -m` stores it: the message ends with a newline.
  const written = await known.writer?.write(
    tree,
    [parent],
    message.endsWith('\n') ? message : `${message}\n`,
    {},
    true,
  );
  const commit = written ?? (await commitTreeProcess(worktree, tree, parent, message));
  const subject = message.split('\n', 1)[0] ?? '';
  // Against `parent`: should HEAD have moved meanwhile, this fails rather than drop a commit.
  await git(['update-ref', '-m', `commit: ${subject}`, 'HEAD', commit, parent], { cwd: worktree });
  return true;
}

async function commitTreeProcess(
  worktree: string,
  tree: string,
  parent: string,
  message: string,
): Promise<string> {
  const args = ['commit-tree', '--no-gpg-sign', tree, '-p', parent, '-m', message];
  let r = await git(args, { cwd: worktree, okCodes: [128] });
  if (r.exitCode === 128 && NO_IDENTITY.test(r.stderr))
    r = await git([...FALLBACK_IDENTITY, ...args], { cwd: worktree });
  if (r.exitCode !== 0) throw new GitError(args, r.exitCode, r.stderr);
  return r.stdout.trim();
}
