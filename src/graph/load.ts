/** `loadPlan`: read, parse, validate and plan a task file, or fail with every problem found. */
import { type Diagnostic, TaskFileError } from '../errors.js';
import { readTaskFile } from '../tasks/parse.js';
import type { TaskFile } from '../tasks/types.js';
import { buildTaskGraph, byPosition } from './build.js';
import { type ExecutionPlan, planExecution } from './plan.js';
import type { TaskGraph } from './types.js';
import { resolveWorkerCount, type WorkerCount } from './workers.js';

export interface LoadPlanOptions {
  /** Workers to plan for; defaults to the front matter's `workers`, else 5. */
  workers?: number | undefined;
  /** Upper bound on workers (e.g. from `PARALLEL_MAX_WORKERS`). */
  maxWorkers?: number | undefined;
}

export interface LoadedPlan {
  taskFile: TaskFile;
  graph: TaskGraph;
  plan: ExecutionPlan;
  warnings: Diagnostic[];
  workerCount: WorkerCount;
}

/**
 * Throws `TaskFileNotFoundError` when the file is missing and `TaskFileError`
 * with every parse and graph problem, sorted by position, when it is invalid.
 * Writes nothing.
 */
export async function loadPlan(path: string, options: LoadPlanOptions = {}): Promise<LoadedPlan> {
  const { taskFile, diagnostics } = await readTaskFile(path);
  const { graph, diagnostics: graphDiagnostics, warnings } = buildTaskGraph(taskFile);
  const problems = [...diagnostics, ...graphDiagnostics];
  if (problems.length > 0) throw new TaskFileError(path, problems.sort(byPosition));
  const workerCount = resolveWorkerCount({
    requested: options.workers,
    settings: taskFile.settings,
    max: options.maxWorkers,
  });
  const plan = planExecution(graph, { workers: workerCount.workers });
  return { taskFile, graph, plan, warnings, workerCount };
}
