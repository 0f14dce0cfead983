/** `weft results [--worker X] [--tail N]`: a worker's final message and the tail of its log. */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { formatDuration } from '../util/duration.js';
import { DEFAULT_TAIL_LINES } from '../workers/defaults.js';

import { action } from './errors.js';

interface ResultsFlags {
  worker?: string;
  tail: string;
  json?: boolean;
}

export function registerResults(program: Command): void {
  program
    .command('results')
    .description("show a worker's final message and the tail of its log (default: the latest worker)")
    .option('-w, --worker <id|branch>', 'which worker')
    .option('-n, --tail <lines>', 'log lines to show', String(DEFAULT_TAIL_LINES))
    .option('--json', 'print as JSON')
    .action(action((flags: ResultsFlags) => resultsCommand(flags)));
}

async function resultsCommand(flags: ResultsFlags): Promise<number> {
  const tail = /^\d+$/.test(flags.tail.trim()) ? Number(flags.tail) : Number.NaN;
  if (!Number.isSafeInteger(tail)) throw new UsageError(`--tail must be a whole number, not "${flags.tail}"`);
  const { workerResults } = await import('../workers/results.js');
  const r = await workerResults(process.cwd(), { worker: flags.worker, tail });
  const { record: _record, ...status } = r.status;
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ ...status, finalMessage: r.finalMessage, logTail: r.logTail }, null, 2)}\n`,
    );
    return 0;
  }
  const s = r.status;
  const out = [
    `worker ${s.id} — branch ${s.branch}, agent ${s.agent}, ${s.lost ? 'failed (lost)' : s.state} after ${formatDuration(s.elapsedMs)}`,
  ];
  if (s.reason !== undefined) out.push(`reason: ${s.reason}`);
  out.push('', 'final message:', r.finalMessage === undefined ? '  (none)' : r.finalMessage, '');
  out.push(`last ${r.logTail.length} line(s) of ${s.logFile}:`, ...r.logTail);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
