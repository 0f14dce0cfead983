/**
 * The environment contract between weft and the workers it starts (seed 000):
 * `PARALLEL_WORKER_DEPTH` > 0 marks a process running inside a worker, where
 * planning and spawning more workers are refused; `PARALLEL_MAX_WORKERS` caps
 * the number of workers.
 */

import { RefusedError } from '../errors.js';
import { maxWorkersCap } from '../workers/max-workers.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Inside a worker? Any value other than empty or 0 counts: a garbled depth must not let nesting through. */
export function workerDepth(env: Env = process.env): number {
  const raw = env.PARALLEL_WORKER_DEPTH?.trim() ?? '';
  if (raw === '') return 0;
  const depth = Number(raw);
  return Number.isFinite(depth) && depth >= 0 ? depth : 1;
}

/** Refuse `command` inside a worker: agents there work on their injected mini-plan only. */
export function assertNotNested(command: string, env: Env = process.env): void {
  const depth = workerDepth(env);
  if (depth <= 0) return;
  throw new RefusedError(
    'E_NESTED',
    `weft ${command} is disabled inside a worker (PARALLEL_WORKER_DEPTH=${env.PARALLEL_WORKER_DEPTH?.trim()})`,
    {
      details: [
        'a worker works on the tasks it was given; plan and start workers from the top-level session',
      ],
    },
  );
}

/** `PARALLEL_MAX_WORKERS` when set: caps `--workers` of run, resume and plan. */
export function maxWorkersFromEnv(env: Env = process.env): number | undefined {
  return maxWorkersCap(env);
}
