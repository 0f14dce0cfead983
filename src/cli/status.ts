/**
 * `weft status [--json]`: every worker — branch, agent, state, elapsed, heartbeat,
 * commits ahead, tokens and cost — then the newest `weft run` sessions.
 */
import type { Command } from 'commander';
import type { Usage } from '../agents/types.js';
import { formatDuration } from '../util/duration.js';
import type { WorkerStatus } from '../workers/list-workers.js';
import { action } from './errors.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(
      'list workers: branch, agent, state, elapsed, last heartbeat, commits ahead, tokens and cost',
    )
    .option('--json', 'print the workers as JSON')
    .action(action((flags: { json?: boolean }) => statusCommand(flags)));
}

async function statusCommand(flags: { json?: boolean }): Promise<number> {
  const { listWorkers } = await import('../workers/list-workers.js');
  const workers = await listWorkers(process.cwd());
  const runs = await recentRuns();
  if (flags.json) {
    // The array of workers, as before; `weft status --json` consumers rely on it.
    process.stdout.write(
      `${JSON.stringify(
        workers.map(({ record: _record, ...rest }) => rest),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (workers.length === 0) {
    process.stdout.write('no workers (`weft spawn --branch NAME --task "…"` starts one)\n');
  } else {
    process.stdout.write(renderTable(workers));
  }
  if (runs.length > 0) process.stdout.write(`\nruns (weft run):\n${runs.join('\n')}\n`);
  return 0;
}

/** The newest runs of the repository, one line each, with what to do about an interrupted one. */
async function recentRuns(): Promise<string[]> {
  const { resolveRepo } = await import('../git/repo-paths.js');
  const { listSessions } = await import('../journal/list-sessions.js');
  const top = await resolveRepo(process.cwd()).then(
    (r) => r.top,
    () => undefined,
  );
  if (!top) return [];
  const sessions = (await listSessions(top)).slice(-5).reverse();
  return sessions.map((s) => {
    const counts = s.counts ? `${s.counts.merged} of ${s.counts.total} merged` : (s.problem ?? '');
    const hint = s.status === 'interrupted' ? ` — continue with: weft resume ${s.runId}` : '';
    return `  ${s.runId}  ${s.status.padEnd(11)}  ${s.taskFile ?? '?'}  ${counts}${hint}`;
  });
}

function tokens(u: Usage): string {
  const n = (u.inputTokens ?? 0) + (u.outputTokens ?? 0);
  if (n === 0) return '-';
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n);
}

function cost(u: Usage): string {
  return u.costUsd === undefined ? '-' : `$${u.costUsd.toFixed(u.costUsd < 1 ? 3 : 2)}`;
}

export function renderTable(workers: WorkerStatus[]): string {
  const head = ['WORKER', 'BRANCH', 'AGENT', 'STATE', 'ELAPSED', 'HEARTBEAT', 'AHEAD', 'TOKENS', 'COST'];
  const rows = workers.map((w) => [
    w.id,
    w.branch,
    w.agent,
    w.lost ? 'failed (lost)' : w.state,
    formatDuration(w.elapsedMs),
    w.state === 'running' || w.lost ? `${formatDuration(w.heartbeatAgeMs)} ago` : '-',
    w.commitsAhead === undefined ? 'gone' : String(w.commitsAhead),
    tokens(w.usage),
    cost(w.usage),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  const notes = workers.flatMap((w) => {
    if (w.state === 'running' && !w.lost)
      return w.lastEvent === undefined ? [] : [`  ${w.id}: last: ${w.lastEvent}`];
    return w.reason === undefined || w.state === 'done' ? [] : [`  ${w.id}: ${w.reason}`];
  });
  return `${[line(head), ...rows.map(line)].join('\n')}\n${notes.length > 0 ? `${notes.join('\n')}\n` : ''}`;
}
