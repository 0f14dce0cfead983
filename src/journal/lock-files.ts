/**
 * `locks/<file-hash>.lock`: one file per locked path, holding the worker id
 * (seed 003), then the task id and the path, one per line. A mirror of the
 * scheduler's in-memory lock table for humans and `weft status`; the table
 * is the truth, so a stale file left by a crash is simply rewritten on resume.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sessionWriteError, writeFileAtomic } from './atomic-write.js';
import type { RunState } from './run-state.js';

export interface LockFileEntry {
  path: string;
  workerId: string;
  taskId: string;
}

export function lockFileName(path: string): string {
  return `${createHash('sha1').update(path).digest('hex').slice(0, 16)}.lock`;
}

/** The locks running tasks hold according to the run state. */
export function heldLocks(state: RunState): LockFileEntry[] {
  return Object.values(state.tasks).flatMap((t) =>
    t.status === 'running' || t.status === 'finished'
      ? t.locks.map((path) => ({ path, workerId: t.workerId ?? '?', taskId: t.id }))
      : [],
  );
}

/** Keeps the lock folder equal to the held locks, writing only what changed. */
export class LockFileMirror {
  /** File name -> content, as last written; undefined until the folder was first listed. */
  private written: Map<string, string> | undefined;

  constructor(readonly dir: string) {}

  async sync(entries: readonly LockFileEntry[]): Promise<void> {
    if (this.written === undefined) {
      try {
        // Whatever a previous process left is unknown content: list it so it is removed or rewritten.
        const names = (await readdir(this.dir)).filter((n) => n.endsWith('.lock'));
        this.written = new Map(names.map((n) => [n, '']));
      } catch (err) {
        throw sessionWriteError(this.dir, err);
      }
    }
    const wanted = new Map(
      entries.map((e) => [lockFileName(e.path), `${e.workerId}\n${e.taskId}\n${e.path}\n`]),
    );
    for (const name of [...this.written.keys()]) {
      if (wanted.has(name)) continue;
      try {
        await rm(join(this.dir, name), { force: true });
      } catch (err) {
        throw sessionWriteError(join(this.dir, name), err);
      }
      this.written.delete(name);
    }
    for (const [name, content] of wanted) {
      if (this.written.get(name) === content) continue;
      await writeFileAtomic(join(this.dir, name), content);
      this.written.set(name, content);
    }
  }
}

export async function readLockFiles(locksDir: string): Promise<LockFileEntry[]> {
  const names = (await readdir(locksDir).catch(() => [] as string[]))
    .filter((n) => n.endsWith('.lock'))
    .sort();
  const entries: LockFileEntry[] = [];
  for (const n of names) {
    const [workerId = '', taskId = '', path = ''] = (await readFile(join(locksDir, n), 'utf8')).split('\n');
    entries.push({ workerId, taskId, path });
  }
  return entries;
}
