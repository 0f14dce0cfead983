/** `weft report [run-id]`: write a run's self-contained HTML report into its session folder. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { resolveRepo } from '../git/repo-paths.js';
import { findSession, listSessionDirs } from '../journal/session.js';
import { writeRunReport } from '../report/html/write-report.js';
import { action } from './errors.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'write the HTML report of a run (timeline, dependency graph, figures) into its session folder and print its path',
    )
    .argument('[run-id]', 'the run, or a session folder (default: the newest run in this repository)')
    .action(action((runId: string | undefined) => reportCommand(runId)));
}

async function reportCommand(runId: string | undefined): Promise<number> {
  const path = await writeRunReport(await sessionDirOf(runId));
  process.stdout.write(`${path}\n`);
  return 0;
}

async function sessionDirOf(arg: string | undefined): Promise<string> {
  if (arg !== undefined && existsSync(join(resolve(arg), 'events.jsonl'))) return resolve(arg);
  const { top } = await resolveRepo(process.cwd());
  if (arg !== undefined) return (await findSession(top, arg)).dir;
  const newest = (await listSessionDirs(top)).at(-1);
  if (!newest) throw new UsageError('no runs in this repository yet (`weft run tasks.md` starts one)');
  return newest.dir;
}
