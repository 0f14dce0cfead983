/**
 * The record of a worker this process owns, kept on disk as it changes:
 * writes are serialised (never two renames racing) and coalesced to at most
 * one per `minIntervalMs`, except those that must land at once (agent started,
 * ended).
 */
import type { WorkerRecord } from './record.js';
import type { WorkerRegistry } from './registry.js';

export class LiveRecord {
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastWrite = 0;
  private failure: unknown;

  constructor(
    private readonly registry: WorkerRegistry,
    private current: WorkerRecord,
    private readonly minIntervalMs = 1000,
  ) {}

  get record(): WorkerRecord {
    return this.current;
  }

  /** Apply `patch`; written soon (coalesced) or, with `now`, before the promise resolves. */
  update(patch: Partial<WorkerRecord>, now = false): Promise<void> {
    this.current = { ...this.current, ...patch };
    if (now) return this.flush();
    if (this.timer === undefined) {
      const wait = Math.max(0, this.minIntervalMs - (Date.now() - this.lastWrite));
      this.timer = setTimeout(() => void this.flush(), wait);
      this.timer.unref();
    }
    return Promise.resolve();
  }

  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const snapshot = this.current;
    this.chain = this.chain.then(async () => {
      try {
        await this.registry.write(snapshot);
        this.lastWrite = Date.now();
      } catch (err) {
        this.failure = err;
      }
    });
    return this.chain;
  }

  /** Flush and report a write error that happened along the way (the final write must not fail silently). */
  async close(): Promise<void> {
    if (this.timer !== undefined) await this.flush();
    else await this.chain;
    if (this.failure !== undefined) throw this.failure;
  }
}
