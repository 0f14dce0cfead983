/**
 * The three reasons weft stops an agent itself: the wall-clock timeout, the
 * hang watchdog (no output for a while) and the caller's abort signal. Reports
 * the first one once; `dispose()` removes every timer and listener.
 */
import { formatDuration } from '../util/duration.js';

export type StopCause = { kind: 'timeout' | 'hang' | 'abort'; reason: string };

export interface WatchdogOptions {
  timeoutMs?: number;
  hangTimeoutMs?: number;
  signal?: AbortSignal;
  onStop: (cause: StopCause) => void;
}

export class RunWatchdog {
  private readonly timers = new Set<NodeJS.Timeout>();
  private lastActivity = Date.now();
  private fired = false;
  private readonly onAbort = (): void =>
    this.fire({ kind: 'abort', reason: abortReason(this.options.signal) });

  constructor(private readonly options: WatchdogOptions) {
    const { timeoutMs, hangTimeoutMs, signal } = options;
    if (timeoutMs !== undefined && timeoutMs > 0) {
      this.schedule(timeoutMs, () =>
        this.fire({ kind: 'timeout', reason: `timed out after ${formatDuration(timeoutMs)}` }),
      );
    }
    if (hangTimeoutMs !== undefined && hangTimeoutMs > 0)
      this.scheduleHangCheck(hangTimeoutMs, hangTimeoutMs);
    // A signal aborted while the runner was still preparing never fires its event again.
    if (signal?.aborted) queueMicrotask(this.onAbort);
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Output arrived: the agent is not hung. */
  activity(): void {
    this.lastActivity = Date.now();
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }

  // One timer that re-arms for the remaining quiet time, rather than a new timer per chunk of output.
  private scheduleHangCheck(hangMs: number, waitMs: number): void {
    this.schedule(waitMs, () => {
      const quietFor = Date.now() - this.lastActivity;
      if (quietFor >= hangMs) {
        this.fire({ kind: 'hang', reason: `no output for ${formatDuration(hangMs)}: stopped as hung` });
      } else {
        this.scheduleHangCheck(hangMs, hangMs - quietFor);
      }
    });
  }

  private schedule(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private fire(cause: StopCause): void {
    if (this.fired) return;
    this.fired = true;
    this.dispose();
    this.options.onStop(cause);
  }
}

export function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (typeof reason === 'string' && reason !== '') return `aborted: ${reason}`;
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.message !== '') {
    return `aborted: ${reason.message}`;
  }
  return 'aborted';
}
