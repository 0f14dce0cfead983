/**
 * The in-memory table of file locks held by running tasks. Exclusive locks on
 * the files a task creates, modifies or deletes; reads take no lock, because a
 * task reading a file another task is changing sees the version it started
 * from either way (its branch is isolated) and cannot cause a conflict.
 * The session's `locks/<hash>.lock` files mirror this table for humans and
 * `weft status` (src/journal/lock-files.ts); this table is the truth.
 */
import { posix } from 'node:path';
import type { FileOp } from '../tasks/types.js';

export interface DeclaredFile {
  path: string;
  op: FileOp;
}

/** Locking ops: everything but `read`. */
export function locksFile(op: FileOp): boolean {
  return op !== 'read';
}

/** One key per file: `./a//b` and `a/b` lock the same thing. */
export function lockKey(path: string): string {
  const n = posix.normalize(path.replaceAll('\\', '/'));
  return n.startsWith('./') ? n.slice(2) : n;
}

/** The sorted, de-duplicated lock keys a task needs. */
export function lockKeysFor(files: readonly DeclaredFile[]): string[] {
  return [...new Set(files.filter((f) => locksFile(f.op)).map((f) => lockKey(f.path)))].sort();
}

export interface LockConflict {
  path: string;
  /** Task holding the lock. */
  holder: string;
}

export class FileLocks {
  private readonly holders = new Map<string, string>();

  get size(): number {
    return this.holders.size;
  }

  holderOf(key: string): string | undefined {
    return this.holders.get(key);
  }

  /** The first of `keys` held by a task other than `taskId`. */
  firstConflict(keys: readonly string[], taskId?: string): LockConflict | undefined {
    for (const path of keys) {
      const holder = this.holders.get(path);
      if (holder !== undefined && holder !== taskId) return { path, holder };
    }
    return undefined;
  }

  /** All or nothing: throws without taking any lock when one is held by another task. */
  acquire(taskId: string, keys: readonly string[]): void {
    const conflict = this.firstConflict(keys, taskId);
    if (conflict) {
      throw new Error(`task ${taskId}: ${conflict.path} is locked by ${conflict.holder}`);
    }
    for (const k of keys) this.holders.set(k, taskId);
  }

  /** Releases the keys `taskId` holds; returns those released. */
  release(taskId: string, keys: readonly string[]): string[] {
    const released: string[] = [];
    for (const k of keys) {
      if (this.holders.get(k) === taskId) {
        this.holders.delete(k);
        released.push(k);
      }
    }
    return released;
  }

  entries(): { path: string; holder: string }[] {
    return [...this.holders].map(([path, holder]) => ({ path, holder }));
  }
}
