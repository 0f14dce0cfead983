/**
 * The sessions the dashboard follows and the browsers watching them. A
 * journal change re-renders that session's panel at once, then again after a
 * short pause (a few times the cost of a render) while changes keep coming,
 * so a big run cannot keep the CPU busy; each browser gets the newest version
 * of each panel (a slow browser skips versions rather than queueing them).
 */
import { existsSync, type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isRunId } from '../journal/run-id.js';
import { readRunLock } from '../journal/run-lock.js';
import { listSessionDirs, openSession, SESSIONS_DIR } from '../journal/session.js';
import { DirectoryWatch } from './dir-watch.js';
import { renderPanel, renderRow, sessionDomId } from './panels.js';
import { type FeedChange, SessionFeed } from './session-feed.js';

export interface SessionUpdate {
  /** Element id in the page. */
  dom: string;
  runId: string;
  /** A live panel (true) or a row in the list of other runs. */
  active: boolean;
  html: string;
}

export interface HubClient {
  send(update: SessionUpdate): void;
}

/** Between two renders of a session: a few times the last render's cost, within these bounds. */
const MIN_GAP_MS = 25;
const MAX_GAP_MS = 250;
/** A journal that grew this recently belongs to a live run, even without the run lock (another host). */
const RECENT_MS = 60_000;
const TICK_MS = 2000;
const LOG_LINES = 6;

export class SessionHub {
  readonly feeds = new Map<string, SessionFeed>();
  private readonly clients = new Set<HubClient>();
  private readonly cooling = new Map<string, { dirty: boolean }>();
  private readonly waitingForJournal = new Map<string, FSWatcher>();
  private readonly sessionsWatch: DirectoryWatch;
  private tick: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly repoTop: string,
    readonly token: string,
    private readonly maxSessions = 20,
  ) {
    this.sessionsWatch = new DirectoryWatch(join(repoTop, SESSIONS_DIR), repoTop, (name) => {
      void this.discover(name, false);
    });
  }

  async start(): Promise<void> {
    this.sessionsWatch.start();
    await this.discover(undefined, true);
  }

  close(): void {
    this.closed = true;
    this.sessionsWatch.close();
    for (const w of this.waitingForJournal.values()) w.close();
    if (this.tick) clearInterval(this.tick);
    for (const f of this.feeds.values()) f.close();
  }

  addClient(client: HubClient): () => void {
    this.clients.add(client);
    if (!this.tick) {
      // Running bars and elapsed times grow between events: refresh running panels now and then.
      this.tick = setInterval(() => this.refreshRunning(), TICK_MS);
      this.tick.unref();
    }
    return () => {
      this.clients.delete(client);
      if (this.clients.size === 0 && this.tick) {
        clearInterval(this.tick);
        this.tick = undefined;
      }
    };
  }

  /** Newest first. */
  sortedFeeds(): SessionFeed[] {
    return [...this.feeds.values()].sort((a, b) => b.runId.localeCompare(a.runId));
  }

  async render(feed: SessionFeed): Promise<SessionUpdate> {
    const lock = await readRunLock(this.repoTop).catch(() => undefined);
    const recent = feed.fold.state.status === 'running' && Date.now() - feed.lastChange < RECENT_MS;
    const live = (lock?.live === true && lock.info.runId === feed.runId) || recent;
    const newest = this.sortedFeeds()[0] === feed;
    const active = live || newest || feed.lastChange > 0;
    const now = Date.now();
    const model = feed.fold.model({ ...(live ? { now } : {}), runId: feed.runId });
    const html = active
      ? renderPanel({ model, logs: await feed.workerLogs(LOG_LINES), live, token: this.token, now })
      : renderRow(model, live, this.token);
    return { dom: sessionDomId(feed.runId), runId: feed.runId, active, html };
  }

  /** Everything, for a browser that just connected (it may have missed changes since its page loaded). */
  async snapshot(): Promise<SessionUpdate[]> {
    return Promise.all(this.sortedFeeds().map((f) => this.render(f)));
  }

  /** `initial`: the scan at start (nothing is new then); else a change in the sessions folder. */
  private async discover(name: string | undefined, initial: boolean): Promise<void> {
    if (this.closed) return;
    if (name !== undefined) {
      if (isRunId(name) && !this.feeds.has(name))
        await this.follow(join(this.repoTop, SESSIONS_DIR, name), true);
      return;
    }
    const dirs = (await listSessionDirs(this.repoTop).catch(() => [])).slice(-this.maxSessions);
    for (const s of dirs) if (!this.feeds.has(s.runId)) await this.follow(s.dir, !initial);
  }

  private async follow(dir: string, isNew: boolean): Promise<void> {
    const session = await openSession(dir).catch(() => undefined);
    if (this.closed) return;
    if (!session) {
      // The folder is made first and its journal right after: wait for the journal.
      this.waitForJournal(dir);
      return;
    }
    this.waitingForJournal.get(dir)?.close();
    this.waitingForJournal.delete(dir);
    if (this.feeds.has(session.runId)) return;
    const feed = new SessionFeed(session, (f, change) => this.changed(f, change));
    this.feeds.set(session.runId, feed);
    await feed.start();
    this.forgetOldest();
    if (isNew) {
      feed.lastChange = Date.now();
      // The newest run gets the live panel: the others may move to the list.
      for (const f of this.feeds.values()) this.changed(f, 'events');
    }
  }

  /** A dashboard left open for weeks follows the newest runs only. */
  private forgetOldest(): void {
    const sorted = this.sortedFeeds();
    for (const f of sorted.slice(this.maxSessions)) {
      if (f.lastChange > 0 && f.fold.state.status === 'running') continue;
      f.close();
      this.feeds.delete(f.runId);
    }
  }

  private waitForJournal(dir: string): void {
    if (this.waitingForJournal.has(dir)) return;
    try {
      const w = watch(dir, { persistent: false }, () => void this.follow(dir, true));
      w.on('error', () => {
        w.close();
        this.waitingForJournal.delete(dir);
      });
      this.waitingForJournal.set(dir, w);
    } catch {
      // not a folder (any more): nothing to follow
      return;
    }
    // A journal made between the failed open and the watch would send no event: look again.
    if (existsSync(join(dir, 'events.jsonl'))) void this.follow(dir, true);
  }

  private changed(feed: SessionFeed, _change: FeedChange): void {
    if (this.closed) return;
    const c = this.cooling.get(feed.runId);
    if (c) {
      c.dirty = true;
      return;
    }
    const state = { dirty: false };
    this.cooling.set(feed.runId, state);
    const started = performance.now();
    void this.push(feed).finally(() => {
      const gap = Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, 3 * (performance.now() - started)));
      setTimeout(() => {
        this.cooling.delete(feed.runId);
        if (state.dirty) this.changed(feed, 'events');
      }, gap).unref();
    });
  }

  private async push(feed: SessionFeed): Promise<void> {
    if (this.clients.size === 0) return;
    const update = await this.render(feed).catch(() => undefined);
    if (!update) return;
    for (const c of this.clients) c.send(update);
  }

  private refreshRunning(): void {
    const newest = this.sortedFeeds()[0];
    for (const f of this.feeds.values()) {
      if (f.fold.state.status === 'running' && (f === newest || f.lastChange > 0)) this.changed(f, 'events');
    }
  }
}
