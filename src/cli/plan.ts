/** `weft plan [tasks.md] [--workers N] [--json] [--out DIR]`: show and save how weft would run a task file. */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { formatDiagnostic, SessionError, TaskFileNotFoundError, UsageError } from '../errors.js';
import type { ExecutionPlan, PlanDependency } from '../graph/plan.js';
import type { WorkerCount } from '../graph/workers.js';
import { replaceFile } from '../util/replace-file.js';
import { action } from './errors.js';
import { assertNotNested, maxWorkersFromEnv } from './nesting.js';

export const DEFAULT_TASK_FILE = 'tasks.md';
export const DEFAULT_PLAN_DIR = join('.weft', 'plan');
export const PLAN_FILE_NAME = 'execution-plan.json';

interface PlanFlags {
  workers?: string;
  json?: boolean;
  out: string;
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('show how weft would run a task file: groups, dependencies, critical path, lower bound')
    .argument('[tasks]', `the task file (default: ./${DEFAULT_TASK_FILE})`)
    .option('-w, --workers <n>', 'workers to plan for (default: the front matter, else 5)')
    .option('--json', `print ${PLAN_FILE_NAME} instead of the readable plan`)
    .option('--out <dir>', `where to write ${PLAN_FILE_NAME}`, DEFAULT_PLAN_DIR)
    .action(action((file: string | undefined, flags: PlanFlags) => planCommand(file, flags)));
}

async function planCommand(file: string | undefined, flags: PlanFlags): Promise<number> {
  assertNotNested('plan');
  const workers = flags.workers === undefined ? undefined : parseWorkersFlag(flags.workers);
  const maxWorkers = maxWorkersFromEnv();
  const path = file ?? defaultTaskFile();
  // Loaded on use, so that other commands do not pay for the parser and planner at start-up.
  const { loadPlan } = await import('../graph/load.js');
  const { toExecutionPlanJson } = await import('../graph/plan-json.js');
  const { plan, workerCount } = await loadPlan(path, { workers, maxWorkers });
  const json = toExecutionPlanJson(plan);
  const written = await writePlanFile(flags.out, json);
  if (flags.json) process.stdout.write(json);
  else process.stdout.write(renderPlan(plan, workerCount, maxWorkers, written));
  return 0;
}

/** `--workers` as a positive integer (the run command accepts the same). */
export function parseWorkersFlag(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--workers must be a positive integer, got '${value}'`);
  }
  return n;
}

function defaultTaskFile(): string {
  if (existsSync(DEFAULT_TASK_FILE)) return DEFAULT_TASK_FILE;
  throw new TaskFileNotFoundError(`no task file given and no ${DEFAULT_TASK_FILE} in ${process.cwd()}`, {
    details: [`pass one: weft plan path/to/tasks.md (the format is described in docs/task-file.md)`],
  });
}

/** Write through a temp file and rename, so a reader never sees half a plan. */
async function writePlanFile(dir: string, json: string): Promise<string> {
  const target = join(dir, PLAN_FILE_NAME);
  try {
    await mkdir(dir, { recursive: true });
    await replaceFile(target, json);
  } catch (err) {
    throw new SessionError(`cannot write ${resolve(target)}: ${(err as Error).message}`, { cause: err });
  }
  return target;
}

function colours(): ReturnType<typeof pc.createColors> {
  const env = process.env;
  return pc.createColors(!('NO_COLOR' in env) && (Boolean(process.stdout.isTTY) || 'FORCE_COLOR' in env));
}

function figure(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describeDependency(dep: PlanDependency, done: boolean): string {
  const why = dep.reasons
    .filter((r) => r !== 'explicit')
    .map((r) => (r === 'checklist' ? 'list order' : r.slice('file:'.length)));
  if (done) why.push('done');
  return why.length === 0 ? dep.id : `${dep.id} (${why.join(', ')})`;
}

export function renderPlan(
  plan: ExecutionPlan,
  workerCount: WorkerCount,
  maxWorkers: number | undefined,
  written: string,
): string {
  const c = colours();
  const out: string[] = [];
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const dependencies = plan.tasks.reduce((sum, t) => sum + t.dependsOnReduced.length, 0);
  const capped =
    workerCount.requested === undefined
      ? ''
      : `, capped from ${workerCount.requested} by PARALLEL_MAX_WORKERS=${maxWorkers}`;

  out.push(c.bold(`Plan for ${plan.file}`));
  out.push(
    `  ${plural(plan.tasks.length, 'task')} (${plan.done.length} done), ${plural(plan.groups.length, 'group')}, ` +
      `${plural(plan.advice.files, 'file')}, ${plural(plan.workers, 'worker')} (${workerCount.source}${capped})`,
  );
  out.push('', c.bold('Groups') + c.dim(' (the tasks of a group can run at the same time)'));
  for (const g of plan.groups) {
    out.push(`  ${c.bold(g.id)}  ${plural(g.tasks.length, 'task')}, ${plural(g.workersNeeded, 'worker')}`);
    for (const id of g.tasks) {
      const t = byId.get(id)!;
      out.push(`      ${t.id}  ${t.priority}  ${t.title}`);
    }
  }
  if (plan.done.length > 0) out.push(`  ${c.dim(`done, not run: ${plan.done.join(', ')}`)}`);

  out.push('', c.bold('Dependencies') + c.dim(plan.dependenciesReduced ? ' (transitively reduced)' : ''));
  if (dependencies === 0) out.push('  none: every task can start at once');
  for (const t of plan.tasks) {
    if (t.done || t.dependsOnReduced.length === 0) continue;
    const deps = t.dependsOnReduced.map((d) => describeDependency(d, byId.get(d.id)?.done === true));
    out.push(`  ${t.id}  after ${deps.join(', ')}`);
  }

  const cp = plan.criticalPath;
  out.push(
    '',
    `${c.bold('Critical path')}  ${cp.tasks.join(' → ') || '(nothing to run)'}  (length ${figure(cp.length)})`,
  );
  out.push(
    `${c.bold('Lower bound')}    ${figure(plan.lowerBound)} with ${plural(plan.workers, 'worker')} = ` +
      `max(critical path ${figure(cp.length)}, total work ${figure(plan.totalWork)} / ${plan.workers})`,
  );
  out.push(`${c.bold('Run order')}      ${plan.runOrder.join(', ') || '(nothing to run)'}`);

  if (plan.warnings.length > 0) {
    out.push('', c.yellow(c.bold(`Warnings (${plan.warnings.length})`)));
    for (const w of plan.warnings) out.push(`  ${c.yellow(formatDiagnostic(w))}`);
  }
  out.push('', `${c.bold('Advice')}  ${plan.advice.message}`);
  out.push('', c.dim(`Wrote ${written}`), '');
  return out.join('\n');
}
