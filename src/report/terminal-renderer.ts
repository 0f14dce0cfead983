/**
 * The terminal observer of a run. Piped: one plain line per event and seed
 * 003's full status block every 10 events or 30 s. In a terminal: the same
 * lines scroll above a live footer showing each worker's task and latest
 * activity. `--json`: every event as one JSON line, nothing else.
 */
import type { createLogUpdate } from 'log-update';
import { renderProgress } from '../journal/progress-text.js';
import { applyEvent, initialRunState, type RunState } from '../journal/run-state.js';
import type { RunEvent } from '../run/events.js';
import type { RunObserver, WorkerActivity } from '../run/options.js';
import { eventLine } from './event-lines.js';
import { renderFooter } from './footer.js';
import { GroupTracker } from './groups.js';

export interface RendererOptions {
  out: NodeJS.WriteStream | NodeJS.WritableStream;
  mode: 'tty' | 'plain' | 'json';
  /** Full status block every N events (plain mode). */
  statusEvery?: number;
  statusIntervalMs?: number;
}

/**
 * Events that do not count towards the next status block in plain mode: they
 * come in bursts (thousands of tasks skipped at once in a large plan), which
 * would otherwise print a block per ten of them.
 */
const BURSTS: ReadonlySet<RunEvent['type']> = new Set(['task.skipped', 'task.ready']);

/** Past this many tasks, the terminal's status block lists only those in motion (progress.txt has them all). */
const STATUS_TASK_LINES = 40;

export class TerminalRenderer implements RunObserver {
  readonly state: RunState = initialRunState();
  private readonly groups = new GroupTracker();
  private readonly activity = new Map<string, WorkerActivity>();
  private readonly live: ReturnType<typeof createLogUpdate> | undefined;
  private sinceStatus = 0;
  private timer: NodeJS.Timeout | undefined;
  private footerTimer: NodeJS.Timeout | undefined;

  /**
   * A renderer for `options.mode`. log-update (and the Unicode tables of its
   * string-width) is loaded only for a terminal: ~40 ms of start-up that a
   * run in CI, piped or with `--json` does not pay.
   */
  static async create(options: RendererOptions): Promise<TerminalRenderer> {
    if (options.mode !== 'tty') return new TerminalRenderer(options);
    const { createLogUpdate } = await import('log-update');
    return new TerminalRenderer(options, createLogUpdate(options.out as NodeJS.WriteStream));
  }

  constructor(
    private readonly options: RendererOptions,
    live?: ReturnType<typeof createLogUpdate>,
  ) {
    this.live = options.mode === 'tty' ? live : undefined;
  }

  /** Seed a resumed run's state so the status block is complete. */
  seed(state: RunState): void {
    Object.assign(this.state, structuredClone(state));
  }

  onEvent(e: RunEvent): void {
    applyEvent(this.state, e);
    if (this.options.mode === 'json') {
      this.options.out.write(`${JSON.stringify(e)}\n`);
      return;
    }
    if (e.type === 'run.started' || e.type === 'run.resumed') this.startTimers();
    if (e.type === 'task.started' || e.type === 'task.finished' || e.type === 'task.failed') {
      this.activity.delete(e.workerId ?? '');
    }
    const lines: string[] = [];
    const line = eventLine(e);
    if (line) lines.push(line);
    if (e.type === 'run.started') this.groups.plan(e.plan.groups ?? []);
    for (const g of this.groups.settle(this.state, e)) lines.push(g);
    for (const l of lines) this.print(l);
    if (
      this.options.mode === 'plain' &&
      line &&
      !BURSTS.has(e.type) &&
      ++this.sinceStatus >= (this.options.statusEvery ?? 10)
    ) {
      this.status();
    }
    if (e.type === 'run.finished' || e.type === 'run.stopped') this.close();
  }

  onActivity(a: WorkerActivity): void {
    if (this.options.mode === 'json') return;
    this.activity.set(a.workerId, a);
    if (a.kind === 'blocked') this.print(`⏸ ${a.taskId} on ${a.workerId} needs a human: ${a.text}`);
    else this.scheduleFooter();
  }

  /** Print the full status block now. */
  status(): void {
    this.sinceStatus = 0;
    this.print(renderProgress(this.state, new Date(), { taskLines: STATUS_TASK_LINES }).trimEnd());
  }

  close(): void {
    clearInterval(this.timer);
    clearTimeout(this.footerTimer);
    this.timer = undefined;
    if (this.live) {
      this.live.clear();
      this.live.done();
    }
  }

  private startTimers(): void {
    if (this.timer || this.options.mode === 'json') return;
    const every = this.options.statusIntervalMs ?? (this.options.mode === 'tty' ? 1000 : 30_000);
    this.timer = setInterval(() => (this.live ? this.renderFooter() : this.status()), every);
    this.timer.unref();
  }

  private print(text: string): void {
    if (this.live) {
      this.live.clear();
      this.options.out.write(`${text}\n`);
      this.renderFooter();
    } else {
      this.options.out.write(`${text}\n`);
    }
  }

  private scheduleFooter(): void {
    if (!this.live || this.footerTimer) return;
    this.footerTimer = setTimeout(() => {
      this.footerTimer = undefined;
      this.renderFooter();
    }, 100);
    this.footerTimer.unref();
  }

  private renderFooter(): void {
    this.live?.(renderFooter(this.state, this.activity, Date.now()));
  }
}
