/**
 * Serialises git operations that touch state shared by every worktree of a
 * repository (worktree add/remove, branch create/delete, ref updates), across
 * concurrent weft processes and within one process.
 *
 * Across processes: a lock file `weft.lock` in the common git dir, created
 * atomically with link(2) so a reader never sees it half-written; it holds the
 * owner's pid and host. A lock whose owner pid is dead (same host) is stale and
 * is broken. Within a process: a promise queue per lock file, and re-entrant
 * calls (a locked section calling another locked helper) run directly.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { link, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { RefusedError } from '../errors.js';

export const REPO_LOCK_FILE = 'weft.lock';

export interface RepoLockOptions {
  /** Give up after this long (default 120 s): the message names the holder. */
  timeoutMs?: number;
}

const held = new AsyncLocalStorage<ReadonlySet<string>>();
const queues = new Map<string, Promise<unknown>>();
/** Lock files whose folder was already swept of a killed process's temp files. */
const swept = new Set<string>();
const HOST = hostname();

/** Run `fn` holding the repository lock of the git common dir `commonDir`. */
export async function withRepoLock<T>(
  commonDir: string,
  fn: () => Promise<T>,
  options: RepoLockOptions = {},
): Promise<T> {
  const lockPath = join(commonDir, REPO_LOCK_FILE);
  const current = held.getStore();
  if (current?.has(lockPath)) return fn();

  const previous = queues.get(lockPath) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(async () => {
      await acquire(lockPath, Date.now() + (options.timeoutMs ?? 120_000));
      try {
        return await held.run(new Set([...(current ?? []), lockPath]), fn);
      } finally {
        await release(lockPath);
      }
    });
  queues.set(lockPath, run);
  try {
    return await run;
  } finally {
    if (queues.get(lockPath) === run) queues.delete(lockPath);
  }
}

interface LockOwner {
  pid: number;
  host: string;
}

function ownerText(): string {
  return `${process.pid}\n${HOST}\n${new Date().toISOString()}\n`;
}

function parseOwner(text: string): LockOwner | undefined {
  const [pid, host] = text.split('\n');
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 && host ? { pid: n, host } : undefined;
}

async function readOwner(path: string): Promise<{ text: string; owner?: LockOwner } | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    return { text, owner: parseOwner(text) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function acquire(lockPath: string, deadline: number): Promise<void> {
  if (!swept.has(lockPath)) {
    swept.add(lockPath);
    await sweepDeadTemps(lockPath);
  }
  const tmp = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, ownerText());
  try {
    // No event tells another process that the lock was released: poll with a short backoff.
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        await link(tmp, lockPath);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      if (await breakIfStale(lockPath)) continue;
      if (Date.now() > deadline) {
        const holder = await readOwner(lockPath);
        throw new RefusedError(
          'E_REPO_LOCKED',
          `the repository lock ${lockPath} is held by another process`,
          {
            details: [
              holder?.owner ? `held by pid ${holder.owner.pid} on ${holder.owner.host}` : 'holder unknown',
              'if no weft process is running, delete the lock file',
            ],
          },
        );
      }
      await delay(wait);
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Remove a lock whose owner process is gone; true when the caller should retry at once. */
async function breakIfStale(lockPath: string): Promise<boolean> {
  const seen = await readOwner(lockPath);
  if (seen === undefined) return true;
  // A lock from another host (shared file system) cannot be judged by pid.
  if (seen.owner === undefined || seen.owner.host !== HOST || isPidAlive(seen.owner.pid)) return false;
  const aside = `${lockPath}.stale.${process.pid}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  const moved = await readOwner(aside);
  if (moved !== undefined && moved.text !== seen.text) {
    // Another process broke the stale lock and took it between our read and rename: give it back.
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
  return true;
}

/**
 * A process killed between writing its temp file and removing it (SIGKILL,
 * power loss) leaves `weft.lock.<pid>.<random>` or `weft.lock.stale.<pid>`
 * behind: remove those of processes that are gone, once per process.
 */
async function sweepDeadTemps(lockPath: string): Promise<void> {
  const dir = dirname(lockPath);
  const prefix = `${basename(lockPath)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(?:stale\.)?(\d+)(?:\.|$)/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isPidAlive(pid)) continue;
    // Only files written on this host (a pid means nothing elsewhere), or left empty by a kill mid-write.
    const path = join(dir, name);
    const seen = await readOwner(path).catch(() => undefined);
    if (seen !== undefined && (seen.owner === undefined || seen.owner.host === HOST)) {
      await unlink(path).catch(() => undefined);
    }
  }
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function release(lockPath: string): Promise<void> {
  const seen = await readOwner(lockPath);
  if (seen?.owner?.pid === process.pid && seen.owner.host === HOST) await unlink(lockPath);
}
