/** Reading `PARALLEL_MAX_WORKERS` (seed 000), shared by `weft spawn` and the planning commands; cheap to load. */
import { UsageError } from '../errors.js';

/** `PARALLEL_MAX_WORKERS` when set (a whole number of at least 1), else undefined. */
export function maxWorkersCap(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.PARALLEL_MAX_WORKERS?.trim() ?? '';
  if (raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new UsageError(`PARALLEL_MAX_WORKERS must be a whole number of at least 1, not "${raw}"`);
  }
  return Number(raw);
}
