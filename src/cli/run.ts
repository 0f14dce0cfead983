/** `weft run [tasks.md]`: scout, plan, run every task on a pool of workers, merge, report. */

import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { EXIT, RefusedError, UsageError } from '../errors.js';
import { resolveRepo } from '../git/repo-paths.js';
import { listSessions } from '../journal/list-sessions.js';
import { resume } from '../run/resume.js';
import { run } from '../run/run.js';
import { parseDuration } from '../util/duration.js';
import { action } from './errors.js';
import { assertNotNested, maxWorkersFromEnv } from './nesting.js';
import { parseWorkersFlag } from './plan.js';
import { addNotifyOptions, finishRun, makeNotifier, makeRenderer } from './run-output.js';

export interface RunFlags {
  workers?: string;
  agent?: string;
  base?: string;
  validate?: string;
  timeout?: string;
  hangTimeout?: string;
  maxAttempts?: string;
  mergeInto?: string;
  tools?: string;
  json?: boolean;
  pool?: boolean;
  resume?: boolean;
  new?: boolean;
  scheduling?: string;
  notify?: boolean;
  onEvent?: string;
}

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description('run every task of a task file on parallel workers and merge the results into one branch')
    .argument('[tasks]', 'the task file (default: ./tasks.md)')
    .option(
      '-w, --workers <n>',
      'parallel workers (default: front matter, else 5; capped by PARALLEL_MAX_WORKERS)',
    )
    .option(
      '-a, --agent <name>',
      'agent for tasks that name none: shell, claude, codex, gemini, opencode, aider, command',
    )
    .option(
      '--base <branch>',
      'branch or commit to start from (default: front matter, else the current branch)',
    )
    .option('--validate <cmd>', 'test gate run after each merge; a merge that breaks it is reverted')
    .option('--timeout <duration>', 'per-task timeout, e.g. 30m (default 30m)')
    .option('--hang-timeout <duration>', 'stop an agent silent for this long (default 10m)')
    .option('--max-attempts <n>', 'attempts per task before it is skipped (default 3)')
    .option('--merge-into <branch>', 'fast-forward this branch to the result at the end')
    .option('--tools <list>', 'comma-separated tool allow-list for agents that take one')
    .option('--json', 'print every event as a JSON line')
    .option(
      '--no-pool',
      'remove the pooled worktrees (.trees/weft/pool/) at the end instead of keeping them for the next run',
    )
    .option('--resume', 'resume the unfinished run of this task file instead of starting a new one')
    .option('--new', 'start a new run even if an unfinished one exists for this task file')
    .addOption(new Option('--scheduling <mode>', 'benchmarks: critical-path, fifo or groups').hideHelp());
  addNotifyOptions(cmd).action(
    action((file: string | undefined, flags: RunFlags) => runCommand(file, flags)),
  );
}

export function parseDurationFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0)
    throw new UsageError(`${name} must be a duration like 90s, 10m or 1h, got '${value}'`);
  return ms;
}

export function parsePositiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw new UsageError(`${name} must be a positive integer, got '${value}'`);
  return Number(value);
}

async function runCommand(file: string | undefined, flags: RunFlags): Promise<number> {
  assertNotNested('run');
  if (flags.resume && flags.new) throw new UsageError('--resume and --new cannot be used together');
  const taskFile = file ?? 'tasks.md';
  if (file === undefined && !existsSync(taskFile)) {
    throw new UsageError(`no task file given and no tasks.md in ${process.cwd()}`);
  }
  const common = {
    cwd: process.cwd(),
    workers: flags.workers === undefined ? undefined : parseWorkersFlag(flags.workers),
    maxWorkers: maxWorkersFromEnv(),
    timeoutMs: parseDurationFlag('--timeout', flags.timeout),
    hangTimeoutMs: parseDurationFlag('--hang-timeout', flags.hangTimeout),
    tools: flags.tools
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    mergeInto: flags.mergeInto,
    pool: flags.pool,
    agent: flags.agent,
  };
  const maxAttempts = parsePositiveInt('--max-attempts', flags.maxAttempts);
  const unfinished = flags.new ? undefined : await unfinishedRunOf(taskFile);
  const renderer = await makeRenderer(flags.json === true);
  if (unfinished) {
    if (!flags.resume) {
      throw new RefusedError(
        'E_UNFINISHED',
        `an unfinished run of ${taskFile} exists: session ${unfinished.runId} (${unfinished.progress})`,
        {
          details: [
            `resume it: weft run --resume ${taskFile}   (or: weft resume ${unfinished.runId})`,
            `or start over: weft run --new ${taskFile}`,
          ],
        },
      );
    }
    const handle = resume({
      ...strip(common),
      runId: unfinished.runId,
      observers: [renderer],
      onState: (s) => renderer.seed(s),
    });
    return finishRun(handle, renderer, flags.json === true);
  }
  if (flags.resume) throw new UsageError(`there is no unfinished run of ${taskFile} to resume`);
  const notifier = await makeNotifier(flags);
  const handle = run({
    ...strip(common),
    taskFile,
    ...(flags.base ? { base: flags.base } : {}),
    ...(flags.validate ? { validate: flags.validate } : {}),
    ...(maxAttempts ? { maxAttempts } : {}),
    ...(flags.scheduling ? { scheduling: parseScheduling(flags.scheduling) } : {}),
    observers: [renderer, notifier],
  });
  return finishRun(handle, renderer, flags.json === true, notifier);
}

function parseScheduling(value: string): 'critical-path' | 'fifo' | 'groups' {
  if (value === 'critical-path' || value === 'fifo' || value === 'groups') return value;
  throw new UsageError(`--scheduling must be critical-path, fifo or groups, got '${value}'`);
}

/** Drop undefined values (exactOptionalPropertyTypes-friendly). */
function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

async function unfinishedRunOf(taskFile: string): Promise<{ runId: string; progress: string } | undefined> {
  let top: string;
  try {
    top = (await resolveRepo(process.cwd())).top;
  } catch {
    return undefined; // run itself reports the missing repository
  }
  const rel = relative(top, resolve(taskFile));
  const sessions = await listSessions(top);
  const s = sessions.reverse().find((x) => x.status === 'interrupted' && x.taskFile === rel);
  if (!s) return undefined;
  const c = s.counts;
  return { runId: s.runId, progress: c ? `${c.merged} of ${c.total} tasks merged` : 'interrupted' };
}

export { EXIT };
