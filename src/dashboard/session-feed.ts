/**
 * One session as the dashboard follows it: the journal folded so far, kept
 * current by fs.watch on events.jsonl (new bytes are read, not the whole
 * file), and the logs folder watched so each worker's latest lines can be
 * shown. `onChange` is called after new events are folded or a log grew.
 */
import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../journal/session.js';
import { ReportFold } from '../report/html/report-model.js';
import { JournalTail } from './journal-tail.js';
import { lastLines } from './log-tail.js';

export type FeedChange = 'events' | 'log';

export interface WorkerLog {
  workerId: string;
  taskId: string;
  attempt: number;
  lines: string[];
}

export class SessionFeed {
  fold = new ReportFold();
  /** Time of the last journal change seen while the dashboard runs (0: none). */
  lastChange = 0;
  private readonly tail: JournalTail;
  private readonly watchers: FSWatcher[] = [];
  private logsWatched = false;
  private closed = false;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    readonly session: Session,
    private readonly onChange: (feed: SessionFeed, change: FeedChange) => void,
  ) {
    this.tail = new JournalTail(session.paths.events);
  }

  get runId(): string {
    return this.session.runId;
  }

  get logsDir(): string {
    return join(this.session.dir, 'logs');
  }

  /** Read the journal so far, then follow it. */
  async start(): Promise<void> {
    // Watch first, then read: an event appended in between is read, not missed.
    this.watch(this.session.paths.events, () => void this.readNew(true));
    this.watchLogs();
    await this.readNew(false);
  }

  close(): void {
    this.closed = true;
    for (const w of this.watchers.splice(0)) w.close();
  }

  /** The latest lines of each busy worker's current attempt. */
  async workerLogs(lineCount: number): Promise<WorkerLog[]> {
    const workers = Object.values(this.fold.state.workers).filter((w) => w.current !== undefined);
    return Promise.all(
      workers.map(async (w) => {
        const { taskId, attempt } = w.current!;
        const lines = await lastLines(join(this.logsDir, `${taskId}.${attempt}.log`), lineCount);
        return { workerId: w.id, taskId, attempt, lines };
      }),
    );
  }

  /** One read at a time, each folding what it read: two watch events never fold an event twice. */
  private readNew(notify: boolean): Promise<void> {
    this.reading = this.reading.then(() => this.readAndFold(notify));
    return this.reading;
  }

  private async readAndFold(notify: boolean): Promise<void> {
    if (this.closed) return;
    const r = await this.tail.read().catch(() => ({ events: [], reset: false }));
    if (this.closed || (r.events.length === 0 && !r.reset)) return;
    if (r.reset) this.fold = new ReportFold();
    for (const e of r.events) this.fold.apply(e);
    if (!this.logsWatched) this.watchLogs();
    if (notify) {
      this.lastChange = Date.now();
      this.onChange(this, 'events');
    }
  }

  private watchLogs(): void {
    this.logsWatched = this.watch(this.logsDir, () => this.onChange(this, 'log'));
  }

  /** false when the path does not exist (yet). */
  private watch(path: string, listener: () => void): boolean {
    try {
      const w = watch(path, { persistent: false }, listener);
      w.on('error', () => w.close()); // the folder was removed: stop following it
      this.watchers.push(w);
      return true;
    } catch {
      return false;
    }
  }
}
