/**
 * Files replaced whole: the data goes to a temp file beside the target, which
 * is then renamed over it, so a reader sees the old content or the new, never
 * a mix. Temp files are named `<target>.<pid>.<6 hex>.tmp`: the pid tells a
 * later process whether the writer is gone (`removeAbandonedTemps`).
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';

/** A temp path beside `path`, unique to this process and call. */
export function tempPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
}

/** The pid in a name `tempPathFor` made, or undefined for any other name. */
export function tempFileOwner(name: string): number | undefined {
  const pid = Number(/\.(\d+)\.[0-9a-f]{6}\.tmp$/.exec(name)?.[1]);
  return pid > 0 ? pid : undefined;
}

/**
 * Write `data` to `path` through a temp file and a rename. On failure the temp
 * file is removed and the error is thrown as it came. No fsync.
 */
export async function replaceFile(
  path: string,
  data: string,
  options: { mode?: number } = {},
): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data, options.mode === undefined ? {} : { mode: options.mode });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}
