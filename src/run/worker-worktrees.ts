/**
 * One pooled worktree per worker slot, at `.trees/weft/pool/<worker-id>`,
 * shared by every run of the repository (the run lock makes runs exclusive).
 * A slot's first task ever creates it; every later task — in this run or a
 * later one — switches it to the new attempt's branch (`checkout -f -b` +
 * `clean`): about ten times cheaper than adding and removing a worktree on a
 * large repository, and it keeps installed dependencies (ignored files) from
 * task to task. Old branches keep their commits. At the end of a run the
 * worktrees are detached, holding no branch. After a crash, a worktree found
 * on a branch is adopted: whatever it holds uncommitted is committed there first.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../git/git.js';
import type { RepoPaths } from '../git/repo-paths.js';
import { addWorktree, listWorktrees, removeWorktree, TREES_DIR } from '../git/worktree.js';
import { chaosPoint } from '../util/chaos-point.js';
import { carryOver, carryOverCandidates } from '../workers/carry-over.js';
import { commitLeftovers, currentBranch } from '../workers/leftovers.js';

export class WorkerWorktrees {
  private readonly ready = new Set<string>();
  /** Slots detached and clean at a commit by `prepare`, not yet used. */
  private readonly parked = new Map<string, string>();
  /** Slots whose last attempt committed everything it left (only weft's own files remain untracked). */
  private readonly tidy = new Set<string>();
  private candidates: Promise<string[]> | undefined;
  private owned: Promise<string[]> | undefined;
  /** Registered worktree paths, read once for the slots adopted together (dropped when weft adds or removes one). */
  private listing: Promise<Set<string>> | undefined;

  constructor(private readonly repo: RepoPaths) {}

  /** The folder of every pooled worktree. */
  get root(): string {
    return poolRoot(this.repo.top);
  }

  pathOf(slot: string): string {
    return join(this.root, slot);
  }

  /** Put `slot`'s worktree on a new `branch` at `baseCommit`; returns its path and whether it is new. */
  async checkout(
    slot: string,
    branch: string,
    baseCommit: string,
    baseRef: string,
  ): Promise<{ path: string; created: boolean }> {
    const path = this.pathOf(slot);
    // Deleted by hand (its folder perhaps made again by an agent still writing): start afresh.
    if (this.ready.has(slot) && !(await exists(join(path, '.git')))) this.ready.delete(slot);
    if (!this.ready.has(slot) && (await exists(path))) await this.adopt(slot, path);
    if (this.ready.has(slot) && this.parked.get(slot) === baseCommit) {
      // Parked at this very commit, clean: only a new branch at HEAD (about half a `checkout -b`).
      this.parked.delete(slot);
      await git(['switch', '--quiet', '-c', branch], { cwd: path });
      chaosPoint('worktree:switch');
      return { path, created: false };
    }
    this.parked.delete(slot);
    if (this.ready.has(slot)) {
      // `-b` (not `-B`): git refuses an existing branch, so no attempt's commits are ever reset.
      // No repository lock: creating one new ref and switching this worktree's own HEAD and
      // index touch nothing another worktree or weft's other git calls write.
      await git(['checkout', '--quiet', '-f', '-b', branch, baseCommit, '--'], { cwd: path });
      chaosPoint('worktree:switch');
      // After an attempt that ended normally everything is committed: nothing to clean.
      if (!this.tidy.delete(slot)) {
        await git(['clean', '-fdq'], { cwd: path });
        // `clean` removed the untracked `.env` files: bring them back.
        await carryOver(this.repo.top, path, await this.carryCandidates());
      }
      return { path, created: false };
    }
    chaosPoint('worktree:add');
    this.listing = undefined;
    await addWorktree(this.repo, { path, branch, baseRef, baseCommit });
    chaosPoint('worktree:added');
    this.ready.add(slot);
    await carryOver(this.repo.top, path, await this.carryCandidates());
    return { path, created: true };
  }

  /**
   * Before the first attempts: the pooled worktrees a previous run left are
   * adopted (anything uncommitted is committed on its branch), then parked,
   * detached and clean, at `baseCommit`, all at once; the first attempt on each
   * then only creates its branch. Slots with no worktree yet are left to `checkout`.
   * Best effort: an attempt that meets the same problem reports it.
   */
  async prepare(slots: readonly string[], base: () => Promise<string>): Promise<void> {
    if (slots.length === 0) return;
    const baseCommit = await base().catch(() => undefined);
    if (baseCommit === undefined) return;
    await Promise.all(
      slots.map(async (slot) => {
        const path = this.pathOf(slot);
        if (this.ready.has(slot) || !(await exists(path))) return;
        try {
          await this.adopt(slot, path);
          if (!this.ready.has(slot)) return;
          await git(['checkout', '--quiet', '-f', '--detach', baseCommit, '--'], { cwd: path });
          await git(['clean', '-fdq'], { cwd: path });
          await carryOver(this.repo.top, path, await this.carryCandidates());
          this.parked.set(slot, baseCommit);
        } catch {
          // Not parked: the attempt's own checkout meets the problem again and reports it.
        }
      }),
    );
  }

  /** The attempt on `slot` ended and its leftovers were committed. */
  markTidy(slot: string): void {
    this.tidy.add(slot);
  }

  private carryCandidates(): Promise<string[]> {
    this.candidates ??= carryOverCandidates(this.repo.top);
    return this.candidates;
  }

  /**
   * Files weft copies into worktrees that the repository does not track
   * (`.env` files, `.worktreeinclude` files): never part of a commit weft
   * makes of an agent's leftovers — they hold the user's secrets.
   */
  weftFiles(): Promise<string[]> {
    this.owned ??= this.carryCandidates().then(async (paths) => {
      if (paths.length === 0) return [];
      const tracked = await git(['ls-files', '-z', '--', ...paths.map((p) => `:(literal)${p}`)], {
        cwd: this.repo.top,
      });
      const trackedSet = new Set(tracked.stdout.split('\0'));
      return paths.filter((p) => !trackedSet.has(p));
    });
    return this.owned;
  }

  /** A worktree left by a weft that died: keep its work, then reuse it. */
  private async adopt(slot: string, path: string): Promise<void> {
    // One listing serves every slot adopted at the start of a run.
    this.listing ??= listWorktrees(this.repo).then((all) => new Set(all.map((w) => w.path)));
    const registered = (await this.listing).has(path);
    if (!registered || !(await exists(join(path, '.git')))) {
      this.listing = undefined;
      await removeWorktree(this.repo, { path, branch: '' }, { keepBranch: true });
      return;
    }
    if ((await currentBranch(path)) !== undefined) {
      await commitLeftovers(
        path,
        `weft: work left uncommitted when weft stopped (${slot})`,
        await this.weftFiles(),
      );
    }
    this.ready.add(slot);
  }

  /**
   * The end of a run: detach every pooled worktree so none holds a branch (the
   * attempt branches can then be pruned); the worktrees stay for the next run.
   * Every attempt has committed its work by now.
   */
  async release(): Promise<void> {
    const mine = (await listWorktrees(this.repo)).filter((w) => w.path.startsWith(`${this.root}/`));
    for (const w of mine) {
      if (w.branch !== undefined)
        await git(['checkout', '--quiet', '--detach'], { cwd: w.path, okCodes: [1, 128] });
    }
    this.ready.clear();
    this.parked.clear();
  }

  /** Remove every pooled worktree; branches are kept. */
  async removeAll(): Promise<void> {
    const mine = (await listWorktrees(this.repo)).filter((w) => w.path.startsWith(`${this.root}/`));
    for (const w of mine) {
      // Detach first so that removing the worktree never touches a branch.
      await git(['checkout', '--quiet', '--detach'], { cwd: w.path, okCodes: [1, 128] });
      await removeWorktree(this.repo, { path: w.path, branch: '' }, { keepBranch: true });
    }
    this.listing = undefined;
    this.ready.clear();
    this.parked.clear();
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Where the pooled worktrees of a repository live. */
export function poolRoot(top: string): string {
  return join(top, TREES_DIR, 'weft', 'pool');
}
