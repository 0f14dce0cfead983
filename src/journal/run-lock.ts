/**
 * One `weft run` per repository at a time: `.weft/session.lock` names the
 * running session and its process. It is created atomically (link(2) of a
 * complete temp file, so nobody reads it half-written). A lock whose process
 * is gone — or whose pid now belongs to a process started at another time —
 * is stale and is taken over; a live one makes the second run refuse.
 */
import { link, mkdir, readdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { RefusedError } from '../errors.js';
import { tempPathFor } from '../util/replace-file.js';
import { sessionWriteError } from './atomic-write.js';
import { WEFT_DIR } from './session.js';

export const RUN_LOCK_FILE = 'session.lock';

export interface RunLockInfo {
  pid: number;
  host: string;
  /** Kernel start time of the process (Linux /proc), to tell a reused pid from the owner. */
  procStart?: string;
  startedAt: string;
  runId: string;
  sessionDir?: string;
}

export interface RunLock {
  readonly path: string;
  readonly info: RunLockInfo;
  /** Remove the lock if it is still ours. */
  release(): Promise<void>;
}

export function runLockPath(repoTop: string): string {
  return join(repoTop, WEFT_DIR, RUN_LOCK_FILE);
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined off Linux. */
async function procStartTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Is the process that wrote `info` still running? Unknowable across hosts: assume yes. */
export async function isRunLockLive(info: RunLockInfo): Promise<boolean> {
  if (info.host !== hostname()) return true;
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = await procStartTime(info.pid);
  return info.procStart === undefined || start === undefined || start === info.procStart;
}

/** The current holder, or undefined when there is no lock (or it is unreadable). */
export async function readRunLock(
  repoTop: string,
): Promise<{ info: RunLockInfo; live: boolean } | undefined> {
  const text = await readFile(runLockPath(repoTop), 'utf8').catch(() => undefined);
  const info = text === undefined ? undefined : parseInfo(text);
  return info ? { info, live: await isRunLockLive(info) } : undefined;
}

function parseInfo(text: string): RunLockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<RunLockInfo>;
    return typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.runId === 'string'
      ? (v as RunLockInfo)
      : undefined;
  } catch {
    return undefined;
  }
}

export async function acquireRunLock(
  repoTop: string,
  owner: { runId: string; sessionDir?: string },
): Promise<RunLock> {
  const path = runLockPath(repoTop);
  try {
    await mkdir(join(repoTop, WEFT_DIR), { recursive: true });
  } catch (err) {
    throw sessionWriteError(join(repoTop, WEFT_DIR), err);
  }
  const info: RunLockInfo = {
    pid: process.pid,
    host: hostname(),
    procStart: await procStartTime(process.pid),
    startedAt: new Date().toISOString(),
    ...owner,
  };
  const text = `${JSON.stringify(info, null, 2)}\n`;
  await sweepDeadTemps(repoTop);
  for (let round = 0; round < 50; round++) {
    if (await tryCreate(path, text)) return { path, info, release: () => releaseIfOurs(path, text) };
    const seen = await readFile(path, 'utf8').catch(() => undefined);
    if (seen === undefined) continue; // released meanwhile
    const holder = parseInfo(seen);
    if (holder && (await isRunLockLive(holder))) throw runLockedError(holder);
    await breakStale(path, seen);
    // Another process may be taking the stale lock over right now: give it a moment.
    if (round > 0) await delay(10);
  }
  throw new RefusedError(
    'E_RUN_LOCKED',
    `could not take ${path}: other weft processes keep competing for it`,
  );
}

/** The refusal of a second run: names the running session, its pid and start. */
export function runLockedError(holder: RunLockInfo): RefusedError {
  return new RefusedError(
    'E_RUN_LOCKED',
    `another weft run is in progress in this repository: session ${holder.runId} (pid ${holder.pid}, started ${holder.startedAt})`,
    {
      details: [
        `wait for it to finish, or stop it with Ctrl-C in its terminal (or kill ${holder.pid})`,
        ...(holder.sessionDir ? [`its session folder: ${holder.sessionDir}`] : []),
      ],
    },
  );
}

async function tryCreate(path: string, text: string): Promise<boolean> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, text);
    await link(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw sessionWriteError(path, err);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Remove the stale lock whose content was `seen` — only if it still is: a
 * `.takeover` directory (mkdir is atomic) admits one process at a time, so
 * nobody deletes a lock another process has just taken.
 */
async function breakStale(path: string, seen: string): Promise<void> {
  const mutex = `${path}.takeover`;
  try {
    await mkdir(mutex);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw sessionWriteError(mutex, err);
    // A takeover abandoned by a crashed process: clear it after a while.
    const age = await stat(mutex).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > 10_000) await rmdir(mutex).catch(() => undefined);
    return;
  }
  try {
    const now = await readFile(path, 'utf8').catch(() => undefined);
    if (now === seen) await unlink(path);
  } finally {
    await rmdir(mutex).catch(() => undefined);
  }
}

/** `session.lock.<pid>.<hex>.tmp` files of processes killed mid-acquire (they hold a complete lock text). */
async function sweepDeadTemps(repoTop: string): Promise<void> {
  const dir = join(repoTop, WEFT_DIR);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!/^session\.lock\.\d+\.[0-9a-f]+\.tmp$/.test(name)) continue;
    const info = parseInfo(await readFile(join(dir, name), 'utf8').catch(() => ''));
    if (info && info.pid !== process.pid && !(await isRunLockLive(info))) {
      await unlink(join(dir, name)).catch(() => undefined);
    }
  }
}

async function releaseIfOurs(path: string, text: string): Promise<void> {
  const now = await readFile(path, 'utf8').catch(() => undefined);
  if (now === text) await unlink(path).catch(() => undefined);
}
