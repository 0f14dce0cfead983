/** Snapshots are replaced whole: write a temp file beside the target, then rename over it. */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SessionError } from '../errors.js';
import { replaceFile, tempFileOwner } from '../util/replace-file.js';

/**
 * A reader sees the old content or the new, never a mix. No fsync: snapshots
 * are derived from the journal, which is, and are rewritten on resume.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  await replaceFile(path, data).catch((err: unknown) => {
    throw sessionWriteError(path, err);
  });
}

/** A SessionError that says which file could not be written and why. */
export function sessionWriteError(path: string, err: unknown): SessionError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why = err instanceof Error ? err.message : String(err);
  return new SessionError(
    `cannot write ${path}${code ? ` (${code})` : ''}: the session folder is not writable`,
    {
      cause: err,
      details: [why],
    },
  );
}

/**
 * Remove the temp files `writeFileAtomic` left in `dir` when its process was
 * killed between writing and renaming (only those of processes that are gone).
 */
export async function removeAbandonedTemps(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = tempFileOwner(name);
    if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
    await rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
