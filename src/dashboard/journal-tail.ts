/**
 * Reads what was appended to a journal since the last read: complete lines
 * only (a line still being written waits for its newline), from the byte
 * offset reached so far. A file that got shorter (a torn line cut off when
 * the journal was reopened) is read again from the start.
 */
import { open } from 'node:fs/promises';
import { looksLikeRunEvent, type RunEvent } from '../run/events.js';

export interface TailRead {
  events: RunEvent[];
  /** The file shrank: these events are the whole journal again, fold from scratch. */
  reset: boolean;
}

const CHUNK = 1 << 20;

export class JournalTail {
  private offset = 0;
  private partial = Buffer.alloc(0);
  private reading: Promise<TailRead> | undefined;
  private again = false;

  constructor(readonly path: string) {}

  /** New events since the last call. Concurrent calls share one read, plus one more if asked during it. */
  read(): Promise<TailRead> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.readLoop().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readLoop(): Promise<TailRead> {
    const all: TailRead = { events: [], reset: false };
    do {
      this.again = false;
      const r = await this.readOnce();
      if (r.reset) {
        all.events = [];
        all.reset = true;
      }
      all.events.push(...r.events);
    } while (this.again);
    return all;
  }

  private async readOnce(): Promise<TailRead> {
    let fh: Awaited<ReturnType<typeof open>>;
    try {
      fh = await open(this.path, 'r');
    } catch {
      return { events: [], reset: false }; // not there yet, or gone: nothing new
    }
    try {
      const size = (await fh.stat()).size;
      let reset = false;
      if (size < this.offset) {
        this.offset = 0;
        this.partial = Buffer.alloc(0);
        reset = true;
      }
      const chunks: Buffer[] = [this.partial];
      while (this.offset < size) {
        const buf = Buffer.alloc(Math.min(CHUNK, size - this.offset));
        const { bytesRead } = await fh.read(buf, 0, buf.length, this.offset);
        if (bytesRead === 0) break;
        chunks.push(buf.subarray(0, bytesRead));
        this.offset += bytesRead;
      }
      const data = Buffer.concat(chunks);
      const end = data.lastIndexOf(0x0a);
      this.partial = Buffer.from(end < 0 ? data : data.subarray(end + 1));
      return { events: end < 0 ? [] : parseLines(data.subarray(0, end).toString('utf8')), reset };
    } finally {
      await fh.close();
    }
  }
}

/** A dashboard is forgiving: a line that is not an event is skipped. */
function parseLines(text: string): RunEvent[] {
  const events: RunEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const v: unknown = JSON.parse(line);
      if (looksLikeRunEvent(v)) events.push(v);
    } catch {
      // torn or damaged: replay() reports those; the live view skips them
    }
  }
  return events;
}
