/** `--worker X`: a worker id, or the branch it works on. */
import { UsageError } from '../errors.js';
import type { WorkerRecord } from './record.js';

export function findWorker(records: readonly WorkerRecord[], key: string): WorkerRecord {
  const found = records.find((r) => r.id === key) ?? records.find((r) => r.branch === key);
  if (found !== undefined) return found;
  throw new UsageError(`no worker "${key}"`, {
    details:
      records.length === 0
        ? ['no workers are registered (`weft spawn` starts one)']
        : [`workers: ${records.map((r) => (r.id === r.branch ? r.id : `${r.id} (${r.branch})`)).join(', ')}`],
  });
}
