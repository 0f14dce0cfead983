/** `weft cleanup [--worker X] [--all] [--force]`: remove workers' worktrees and branches, safely. */
import type { Command } from 'commander';
import { RefusedError, UsageError } from '../errors.js';
import { action } from './errors.js';

interface CleanupFlags {
  worker?: string;
  all?: boolean;
  force?: boolean;
}

export function registerCleanup(program: Command): void {
  program
    .command('cleanup')
    .description(
      'remove workers: worktree AND branch (refuses running workers and unmerged commits without --force)',
    )
    .option('-w, --worker <id|branch>', 'only this worker')
    .option('--all', 'every worker (the default when --worker is not given)')
    .option('--force', 'stop running workers and delete unmerged commits and uncommitted changes')
    .action(action((flags: CleanupFlags) => cleanupCommand(flags)));
}

async function cleanupCommand(flags: CleanupFlags): Promise<number> {
  if (flags.all && flags.worker !== undefined)
    throw new UsageError('--worker and --all cannot be used together');
  const { cleanupWorkers } = await import('../workers/cleanup.js');
  const report = await cleanupWorkers({ cwd: process.cwd(), worker: flags.worker, force: flags.force });
  for (const r of report.removed) {
    const extra = [
      r.stopped ? 'stopped first' : undefined,
      r.droppedCommits.length > 0 ? `deleted ${r.droppedCommits.length} unmerged commit(s)` : undefined,
    ].filter((x) => x !== undefined);
    process.stdout.write(
      `removed ${r.id} (worktree and branch ${r.branch})${extra.length > 0 ? ` — ${extra.join(', ')}` : ''}\n`,
    );
    for (const c of r.droppedCommits) process.stdout.write(`  deleted ${c}\n`);
  }
  for (const id of report.pruned)
    process.stdout.write(`forgot ${id} (its worktree and branch were already gone)\n`);
  if (report.removed.length + report.pruned.length + report.refused.length === 0) {
    process.stdout.write('no workers to clean up\n');
  }
  if (report.refused.length === 0) return 0;
  const details = report.refused.flatMap((r) => [
    `${r.id} (${r.branch}): ${r.reason}`,
    ...r.details.map((d) => `  ${d}`),
  ]);
  // The first refusal's code stands for all (they are all listed).
  const code = report.refused[0]?.code ?? 'E_REFUSED';
  throw new RefusedError(code, `kept ${report.refused.length} worker(s)`, { details });
}
