/**
 * PARALLEL_MAX_WORKERS: at most N workers run at once in a repository.
 * Counting the running workers and registering a new one happen under the repo
 * lock, so concurrent `weft spawn`s cannot both take the last slot.
 */
import { watch } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { RefusedError } from '../errors.js';
import { withRepoLock } from '../git/repo-lock.js';
import { DEFAULT_MAX_WORKERS } from './defaults.js';
import { isActive } from './liveness.js';
import { maxWorkersCap } from './max-workers.js';
import type { WorkerRecord } from './record.js';
import type { WorkerRegistry } from './registry.js';

export { DEFAULT_MAX_WORKERS };

/** Owners that die leave no file event behind: re-count at least this often while waiting. */
const RECHECK_MS = 1000;

export function maxWorkersFrom(env: NodeJS.ProcessEnv): number {
  return maxWorkersCap(env) ?? DEFAULT_MAX_WORKERS;
}

export interface SlotOptions {
  max: number;
  /** Wait for a slot (`--wait`) instead of refusing (`--no-wait`). */
  wait: boolean;
  signal?: AbortSignal;
  onWaiting?: (running: number, max: number) => void;
}

/**
 * Register a new worker as soon as fewer than `max` are running. `build`
 * makes the record from the claimed id and the live records (to pick a port
 * no other worker holds).
 */
export async function registerWhenFree(
  registry: WorkerRegistry,
  options: SlotOptions,
  branch: string,
  build: (id: string, active: WorkerRecord[]) => Promise<WorkerRecord>,
): Promise<WorkerRecord> {
  let announced = false;
  for (;;) {
    const attempt = await withRepoLock(registry.repo.commonDir, async () => {
      const active = (await registry.listRunning()).filter(isActive);
      if (active.length >= options.max) return { full: active };
      const id = await registry.claimId(branch);
      try {
        const record = await build(id, active);
        await registry.write(record);
        return { record };
      } catch (err) {
        await registry.remove(id);
        throw err;
      }
    });
    if (attempt.record !== undefined) return attempt.record;
    const full = attempt.full ?? [];
    const running = full.length;
    if (!options.wait) {
      throw new RefusedError(
        'E_WORKER_LIMIT',
        `${running} workers are running; PARALLEL_MAX_WORKERS is ${options.max}`,
        {
          details: [
            ...full.map((r) => `${r.id} (${r.branch})`),
            'wait for one to finish (`weft status`), use --wait, or raise PARALLEL_MAX_WORKERS',
          ],
        },
      );
    }
    if (!announced) options.onWaiting?.(running, options.max);
    announced = true;
    await registryChanged(registry.dir, options.signal);
  }
}

/** Resolves when a file in the registry changes, after RECHECK_MS at most, or on abort (then throws). */
async function registryChanged(dir: string, signal: AbortSignal | undefined): Promise<void> {
  await mkdir(dir, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const watcher = watch(dir, () => finish());
    const timer = setTimeout(() => finish(), RECHECK_MS);
    const onAbort = (): void =>
      finish(
        new RefusedError('E_INTERRUPTED', 'interrupted while waiting for a worker slot; nothing was created'),
      );
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    function finish(err?: unknown): void {
      watcher.close();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err === undefined) resolve();
      else reject(err);
    }
  });
}
