/** How many workers a run or a plan uses: the request, else the front matter, else 5, capped. */
import type { RunSettings } from '../tasks/types.js';

/** Seed 003's default. */
export const DEFAULT_WORKERS = 5;

export interface WorkerCount {
  workers: number;
  /** Where the number came from before any cap. */
  source: 'option' | 'front matter' | 'default';
  /** Set when `max` lowered the number: the number asked for. */
  requested?: number;
}

export function resolveWorkerCount(options: {
  requested?: number | undefined;
  settings?: RunSettings | undefined;
  max?: number | undefined;
}): WorkerCount {
  const { requested, settings, max } = options;
  const [wanted, source]: [number, WorkerCount['source']] =
    requested !== undefined
      ? [requested, 'option']
      : settings?.workers !== undefined
        ? [settings.workers, 'front matter']
        : [DEFAULT_WORKERS, 'default'];
  if (max !== undefined && wanted > max) return { workers: max, source, requested: wanted };
  return { workers: wanted, source };
}
