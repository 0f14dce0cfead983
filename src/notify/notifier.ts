/**
 * The notifier: a run observer that tells a person when they are needed — a
 * desktop notification (or the terminal bell where there is none) and the
 * user's `--on-event` hook, which gets the event as JSON on stdin.
 *
 * It must never slow down or break the run: observers are called inline by
 * the orchestrator, so every delivery is started and forgotten, each helper
 * process is killed after a timeout, at most a few run at once, and a burst
 * beyond a small queue is dropped (and counted) rather than piling up.
 */
import type { RunEvent } from '../run/events.js';
import type { RunObserver, WorkerActivity } from '../run/options.js';
import { type Alert, alertForActivity, alertForEvent } from './alerts.js';
import { type BoundedCommand, runBounded } from './bounded-command.js';
import { desktopCommand } from './desktop.js';

export interface NotifierOptions {
  /** Desktop notifications (else only the hook, if any). */
  notify: boolean;
  /** Shell command run with `sh -c` for each alert; the alert's event arrives as JSON on stdin. */
  onEventCmd?: string;
  /** Environment for helper commands and for finding notify-send/osascript (default process.env). */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Rung when no desktop notifier exists; default: BEL on stderr when stderr is a terminal. */
  bell?: () => void;
  /** Told when a delivery fails (the hook exited non-zero, timed out…); default: ignored. */
  onProblem?: (message: string) => void;
  /** Per helper process (default 10 s). */
  timeoutMs?: number;
  /** The run's id, for payloads before (or without) a `run.started` event: `weft resume` knows it. */
  runId?: string;
}

export interface Notifier extends RunObserver {
  /** Resolves when every delivery started so far has ended (tests; a CLI that wants to wait). */
  idle(): Promise<void>;
  /** Alerts dropped because too many were waiting. */
  readonly dropped: number;
}

const MAX_RUNNING = 3;
const MAX_QUEUED = 20;

export function createNotifier(options: NotifierOptions): Notifier {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const bell = options.bell ?? defaultBell;
  const problem = (message: string): void => {
    try {
      options.onProblem?.(message);
    } catch {
      // a reporting callback must not break the run either
    }
  };
  const queue: BoundedCommand[] = [];
  const waiters: (() => void)[] = [];
  let running = 0;
  let dropped = 0;
  let runId = options.runId;
  /** Workers already reported blocked on their current task: one alert per episode, not per line. */
  const blocked = new Set<string>();

  const pump = (): void => {
    while (running < MAX_RUNNING && queue.length > 0) {
      const c = queue.shift()!;
      running++;
      void runBounded(c).then((r) => {
        running--;
        if (!r.ok && r.problem) problem(r.problem);
        pump();
      });
    }
    if (running === 0 && queue.length === 0) for (const w of waiters.splice(0)) w();
  };

  const enqueue = (c: BoundedCommand): void => {
    if (queue.length >= MAX_QUEUED) {
      dropped++;
      return;
    }
    queue.push(c);
    pump();
  };

  const deliver = (alert: Alert): void => {
    if (options.notify && alert.desktop) {
      const desktop = desktopCommand(alert, options.platform ?? process.platform, env);
      if (desktop) enqueue({ ...desktop, env, timeoutMs });
      else bell();
    }
    if (options.onEventCmd !== undefined && options.onEventCmd.trim() !== '') {
      enqueue({
        command: 'sh',
        args: ['-c', options.onEventCmd],
        input: `${JSON.stringify(alert.payload)}\n`,
        env: { ...env, WEFT_EVENT_TYPE: alert.payload.type, ...(runId ? { WEFT_RUN_ID: runId } : {}) },
        timeoutMs,
      });
    }
  };

  const guarded =
    <A>(fn: (arg: A) => void) =>
    (arg: A): void => {
      try {
        fn(arg);
      } catch (err) {
        problem(`notification failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    };

  return {
    onEvent: guarded((e: RunEvent) => {
      if (e.type === 'run.started') runId = e.runId;
      if ('taskId' in e && e.type !== 'task.output') {
        for (const key of blocked) if (key.endsWith(`\0${e.taskId}`)) blocked.delete(key);
      }
      const alert = alertForEvent(e, runId);
      if (alert) deliver(alert);
    }),
    onActivity: guarded((a: WorkerActivity) => {
      if (a.kind !== 'blocked') return;
      const key = `${a.workerId}\0${a.taskId}`;
      if (blocked.has(key)) return;
      blocked.add(key);
      const alert = alertForActivity(a, runId);
      if (alert) deliver(alert);
    }),
    idle: () =>
      running === 0 && queue.length === 0 ? Promise.resolve() : new Promise((r) => waiters.push(r)),
    get dropped() {
      return dropped;
    },
  };
}

function defaultBell(): void {
  if (process.stderr.isTTY) process.stderr.write('\u0007');
}
