/**
 * Early conflict prediction (seed 001: "merge frequently to detect conflicts
 * early"). While tasks run, weft snapshots a worktree that the agent is
 * changing — a commit of its files made through a throwaway index, touching
 * neither the worktree nor its branch — and asks `merge-tree` whether it
 * conflicts with the other running tasks' snapshots or with the integration
 * branch. Each conflict is reported once, while the tasks still run.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, gitOut } from '../git/git.js';
import { predictConflicts } from '../git/merge.js';

export interface PredictedConflict {
  a: string;
  /** Another task id, or `integration`. */
  b: string;
  files: string[];
}

export interface ConflictWatchOptions {
  repo: string;
  integrationHead: () => Promise<string>;
  onConflict: (c: PredictedConflict) => void;
  /** Quiet time after the last change before a worktree is checked (default 3 s). */
  debounceMs?: number;
}

interface Watched {
  worktree: string;
  snapshot?: string;
  timer?: NodeJS.Timeout;
}

export class ConflictWatch {
  private readonly tasks = new Map<string, Watched>();
  private readonly reported = new Set<string>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly o: ConflictWatchOptions) {}

  start(taskId: string, worktree: string): void {
    this.tasks.set(taskId, { worktree });
  }

  /** The agent of `taskId` changed something: check its worktree once it is quiet for a moment. */
  touched(taskId: string): void {
    const w = this.tasks.get(taskId);
    if (!w) return;
    clearTimeout(w.timer);
    w.timer = setTimeout(() => void this.enqueue(taskId), this.o.debounceMs ?? 3000);
    w.timer.unref();
  }

  stop(taskId: string): void {
    const w = this.tasks.get(taskId);
    if (w) clearTimeout(w.timer);
    this.tasks.delete(taskId);
  }

  /** Wait for checks in progress (tests). */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Check one task now (tests and the debounce timer). */
  enqueue(taskId: string): Promise<void> {
    this.chain = this.chain.then(() => this.check(taskId)).catch(() => undefined);
    return this.chain;
  }

  private async check(taskId: string): Promise<void> {
    const w = this.tasks.get(taskId);
    if (!w) return;
    w.snapshot = await snapshot(w.worktree, taskId);
    const others: [string, string][] = [['integration', await this.o.integrationHead()]];
    for (const [id, o] of this.tasks) if (id !== taskId && o.snapshot) others.push([id, o.snapshot]);
    for (const [id, commit] of others) {
      const files = await predictConflicts(this.o.repo, w.snapshot, commit);
      if (files.length === 0) continue;
      const [a, b] = id === 'integration' ? [taskId, id] : [taskId, id].sort();
      const key = `${a}\0${b}\0${files.join('\0')}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.o.onConflict({ a: a as string, b: b as string, files });
    }
  }
}

/** A commit of the worktree's current files on top of its HEAD, made with a private index. */
export async function snapshot(worktree: string, label: string): Promise<string> {
  const index = join(
    tmpdir(),
    `weft-snapshot-${process.pid}-${label.replace(/[^\w.-]/g, '_')}-${Date.now()}`,
  );
  const env = { GIT_INDEX_FILE: index };
  try {
    await git(['read-tree', 'HEAD'], { cwd: worktree, env });
    await git(['add', '-A', '--', '.'], { cwd: worktree, env });
    const tree = await gitOut(['write-tree'], { cwd: worktree, env });
    return await gitOut(['commit-tree', tree, '-p', 'HEAD', '-m', `weft snapshot of ${label}`], {
      cwd: worktree,
      env: {
        ...env,
        GIT_AUTHOR_NAME: 'weft',
        GIT_AUTHOR_EMAIL: 'weft@localhost',
        GIT_COMMITTER_NAME: 'weft',
        GIT_COMMITTER_EMAIL: 'weft@localhost',
      },
    });
  } finally {
    await rm(index, { force: true });
  }
}
