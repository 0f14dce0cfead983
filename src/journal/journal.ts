/**
 * The append-only journal `events.jsonl`: one JSON event per line, each
 * append durable (fdatasync) before its promise resolves. Appends that arrive
 * while a write is in flight are written together in the next write (group
 * commit), so a burst of events costs one fsync, not one each.
 */
import { type FileHandle, open, readFile, stat, truncate } from 'node:fs/promises';
import type { SessionError } from '../errors.js';
import type { RunEvent } from '../run/events.js';
import { chaosPoint, chaosWillKill } from '../util/chaos-point.js';
import { sessionWriteError } from './atomic-write.js';

export interface JournalOptions {
  /** fdatasync after each write (default true). Off only for benchmarks. */
  sync?: boolean;
}

export interface JournalRepair {
  /** What opening did to the end of the file. */
  action: 'none' | 'truncated-torn-line' | 'terminated-last-line';
  /** Bytes removed. */
  removed: number;
}

export class Journal {
  private queue: string[] = [];
  private batch: Promise<void> | undefined;
  private tail: Promise<void> = Promise.resolve();
  private failure: SessionError | undefined;
  private writes = 0;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    private readonly sync: boolean,
    readonly repair: JournalRepair,
    /** Bytes in the file: where the next batch starts, and where a failed one is cut back to. */
    private size: number,
  ) {}

  /**
   * Open for appending. A torn last line (a crash mid-write) is cut off first,
   * so the next event starts on a line of its own; a complete last line that
   * only lacks its newline gets one.
   */
  static async open(path: string, options: JournalOptions = {}): Promise<Journal> {
    let repair: JournalRepair;
    let fh: FileHandle;
    let size: number;
    try {
      repair = await repairTail(path);
      fh = await open(path, 'a');
      size = (await fh.stat()).size;
    } catch (err) {
      throw sessionWriteError(path, err);
    }
    return new Journal(path, fh, options.sync ?? true, repair, size);
  }

  /** Number of write+fsync rounds so far (to measure batching). */
  get writeCount(): number {
    return this.writes;
  }

  /** Resolves once the event is on disk; rejects with SessionError if the journal cannot be written. */
  append(event: RunEvent): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.queue.push(`${JSON.stringify(event)}\n`);
    if (this.batch === undefined) {
      this.batch = this.tail.then(() => this.writeQueued());
      this.tail = this.batch.catch(() => undefined);
    }
    return this.batch;
  }

  /** Wait for every append so far. */
  async flush(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.tail;
    await this.fh.close();
  }

  private async writeQueued(): Promise<void> {
    this.batch = undefined; // appends from now on form the next batch
    const data = this.queue.join('');
    this.queue = [];
    if (this.failure) throw this.failure;
    const bytes = Buffer.from(data);
    const before = this.size;
    try {
      chaosPoint('journal:write');
      // Test-only: a torn write, as when weft dies in the middle of one.
      if (chaosWillKill('journal:torn')) await this.fh.write(bytes, 0, Math.ceil(bytes.length / 2));
      chaosPoint('journal:torn');
      // A full disk writes what fits and reports it: write the rest, or fail on it.
      for (let at = 0; at < bytes.length; ) at += (await this.fh.write(bytes, at)).bytesWritten;
      this.size += bytes.length;
      if (this.sync) await this.fh.datasync();
      chaosPoint('journal:synced');
      this.writes++;
    } catch (err) {
      // A journal that missed a write cannot be trusted for later ones; the part of
      // this batch that did reach the file is cut off, so no failed append is on disk.
      this.failure = sessionWriteError(this.path, err);
      await this.fh.truncate(before).catch(() => undefined);
      throw this.failure;
    }
  }
}

async function repairTail(path: string): Promise<JournalRepair> {
  let text: Buffer;
  try {
    // Only a regular file can have a torn tail (a device such as /dev/full in tests cannot).
    if (!(await stat(path)).isFile()) return { action: 'none', removed: 0 };
    text = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { action: 'none', removed: 0 };
    throw err;
  }
  if (text.length === 0 || text[text.length - 1] === 0x0a) return { action: 'none', removed: 0 };
  const lastNewline = text.lastIndexOf(0x0a);
  const last = text.subarray(lastNewline + 1).toString('utf8');
  if (parsesAsObject(last)) {
    const fh = await open(path, 'a');
    await fh.write('\n');
    await fh.close();
    return { action: 'terminated-last-line', removed: 0 };
  }
  await truncate(path, lastNewline + 1);
  return { action: 'truncated-torn-line', removed: text.length - lastNewline - 1 };
}

function parsesAsObject(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null;
  } catch {
    return false;
  }
}
