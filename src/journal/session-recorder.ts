/**
 * The journal observer of a run: appends every event to events.jsonl (durable
 * before `record` resolves), folds it into the run state, and rewrites the
 * derived snapshots — progress.txt, state.md, messages/, locks/ — after the
 * journal write, coalescing a burst of events into one rewrite.
 */

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionError } from '../errors.js';
import type { RunEvent } from '../run/events.js';
import { removeAbandonedTemps, writeFileAtomic } from './atomic-write.js';
import { Journal, type JournalOptions } from './journal.js';
import { heldLocks, LockFileMirror } from './lock-files.js';
import { writeMessages } from './messages.js';
import { renderProgress } from './progress-text.js';
import { applyEvent, initialRunState, type RunState } from './run-state.js';
import type { Session } from './session.js';
import { renderStateMd } from './state-md.js';

export interface SessionRecorderOptions extends JournalOptions {
  /** State rebuilt from the journal when resuming; a fresh run starts empty. */
  state?: RunState;
  /** Clock for progress.txt's elapsed time. */
  now?: () => Date;
}

export class SessionRecorder {
  private readonly dirtyWorkers = new Set<string>();
  private readonly locks: LockFileMirror;
  private snapshotRun: Promise<void> | undefined;
  private snapshotAgain = false;
  private snapshotError: SessionError | undefined;

  private constructor(
    readonly session: Session,
    readonly journal: Journal,
    readonly state: RunState,
    private readonly now: () => Date,
  ) {
    this.locks = new LockFileMirror(session.paths.locks);
    for (const id of Object.keys(state.workers)) this.dirtyWorkers.add(id);
  }

  /** Open the session's journal for appending (repairing a torn last line). */
  static async open(session: Session, options: SessionRecorderOptions = {}): Promise<SessionRecorder> {
    const journal = await Journal.open(session.paths.events, options);
    // A weft killed while rewriting a snapshot leaves its temp file: clear those first.
    const workers = await readdir(session.paths.messages).catch(() => [] as string[]);
    for (const dir of [
      session.dir,
      session.paths.locks,
      ...workers.map((w) => join(session.paths.messages, w)),
    ]) {
      await removeAbandonedTemps(dir);
    }
    return new SessionRecorder(
      session,
      journal,
      options.state ?? initialRunState(),
      options.now ?? (() => new Date()),
    );
  }

  /**
   * Resolves once the event is durable in the journal; rejects with a
   * SessionError when the journal — or, reported on the next call, a
   * snapshot — cannot be written (a critical failure for the run).
   */
  async record(event: RunEvent): Promise<void> {
    if (this.snapshotError) throw this.snapshotError;
    applyEvent(this.state, event);
    if ('workerId' in event && typeof event.workerId === 'string') this.dirtyWorkers.add(event.workerId);
    await this.journal.append(event);
    this.scheduleSnapshots();
  }

  /** Wait for pending journal writes and snapshots. */
  async flush(): Promise<void> {
    await this.journal.flush();
    while (this.snapshotRun) await this.snapshotRun;
    if (this.snapshotError) throw this.snapshotError;
  }

  async close(): Promise<void> {
    await this.flush().finally(() => this.journal.close());
  }

  /** Rewrite every snapshot now (e.g. right after resuming). */
  async writeSnapshots(): Promise<void> {
    const s = this.state;
    await writeFileAtomic(this.session.paths.progress, renderProgress(s, this.now()));
    await writeFileAtomic(this.session.paths.state, renderStateMd(s));
    const workers = [...this.dirtyWorkers];
    this.dirtyWorkers.clear();
    for (const id of workers) {
      const w = s.workers[id];
      if (w) await writeMessages(this.session, s, w);
    }
    await this.locks.sync(heldLocks(s));
  }

  private scheduleSnapshots(): void {
    if (this.snapshotRun) {
      this.snapshotAgain = true;
      return;
    }
    this.snapshotRun = (async () => {
      do {
        this.snapshotAgain = false;
        try {
          await this.writeSnapshots();
        } catch (err) {
          this.snapshotError = err as SessionError;
          return;
        }
      } while (this.snapshotAgain);
    })().finally(() => {
      this.snapshotRun = undefined;
    });
  }
}
