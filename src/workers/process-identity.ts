/**
 * Telling whether a recorded process is still the one weft started: a pid can
 * be reused after its process exits, so on Linux the start time from
 * /proc/<pid>/stat is recorded with it and compared.
 */
import { readFileSync } from 'node:fs';

export interface ProcessRef {
  pid: number;
  /** Start time in clock ticks after boot (Linux), when known. */
  startTime?: string;
}

function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces or ')'.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

export function processRef(pid: number): ProcessRef {
  const startTime = statFields(pid)?.[19];
  return startTime === undefined ? { pid } : { pid, startTime };
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const fields = statFields(pid);
  return fields === undefined || (fields[0] !== 'Z' && fields[0] !== 'X');
}

/** Alive, and (when both start times are known) the same process that was recorded. */
export function isProcessAlive(ref: ProcessRef): boolean {
  if (!isPidAlive(ref.pid)) return false;
  if (ref.startTime === undefined) return true;
  const now = statFields(ref.pid)?.[19];
  return now === undefined || now === ref.startTime;
}
