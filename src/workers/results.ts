/** `weft results` as a library call: a worker's final message and the tail of its log. */
import { open } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { resolveRepo } from '../git/repo-paths.js';
import { DEFAULT_TAIL_LINES } from './defaults.js';
import { findWorker } from './find-worker.js';
import { statusOf, type WorkerStatus } from './list-workers.js';
import { WorkerRegistry } from './registry.js';

export { DEFAULT_TAIL_LINES };

export interface WorkerResults {
  status: WorkerStatus;
  finalMessage?: string;
  /** The last lines of the log (fewer when the log is shorter; empty when there is none yet). */
  logTail: string[];
}

/** The last `n` lines of a file, reading backwards in blocks (logs can be large). */
export async function tailLines(file: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  try {
    const size = (await handle.stat()).size;
    const block = 64 * 1024;
    let pos = size;
    let chunks: Buffer[] = [];
    let newlines = 0;
    while (pos > 0 && newlines <= n) {
      const len = Math.min(block, pos);
      pos -= len;
      const buf = Buffer.alloc(len);
      await handle.read(buf, 0, len, pos);
      chunks = [buf, ...chunks];
      for (const byte of buf) if (byte === 10) newlines++;
    }
    const text = Buffer.concat(chunks).toString('utf8').replace(/\n$/, '');
    return text === '' ? [] : text.split('\n').slice(-n);
  } finally {
    await handle.close();
  }
}

/** Default worker: the most recently started. */
export async function workerResults(
  cwd: string,
  options: { worker?: string; tail?: number } = {},
): Promise<WorkerResults> {
  const tail = options.tail ?? DEFAULT_TAIL_LINES;
  if (!Number.isInteger(tail) || tail < 0) throw new UsageError(`--tail must be a whole number, not ${tail}`);
  const registry = new WorkerRegistry(await resolveRepo(cwd));
  const records = await registry.list();
  if (records.length === 0 && options.worker === undefined) {
    throw new UsageError('no workers are registered', { details: ['`weft spawn` starts one'] });
  }
  const record =
    options.worker === undefined
      ? (records[records.length - 1] as (typeof records)[number])
      : findWorker(records, options.worker);
  return {
    status: statusOf(record, undefined),
    finalMessage: record.finalMessage,
    logTail: await tailLines(record.logFile, tail),
  };
}
