/**
 * execution-plan.json, version 1: the plan as a stable document (snake_case
 * keys, as in seed 003's format). Documented field by field in
 * docs/execution-plan.md; a change that is not purely additive bumps `version`.
 */
import type { FileOp, Priority } from '../tasks/types.js';
import type { SizeAdviceMode } from './advice.js';
import type { ExecutionPlan } from './plan.js';
import type { EdgeReason } from './types.js';

export const EXECUTION_PLAN_VERSION = 1;

export interface ExecutionPlanDocument {
  version: 1;
  task_file: string;
  workers: number;
  summary: {
    tasks: number;
    pending: number;
    done: number;
    groups: number;
    dependencies: number;
    files: number;
  };
  groups: { id: string; tasks: string[]; workers_needed: number }[];
  run_order: string[];
  critical_path: { tasks: string[]; length: number };
  total_work: number;
  makespan_lower_bound: number;
  advice: { mode: SizeAdviceMode; files: number; message: string };
  dependencies_reduced: boolean;
  tasks: {
    id: string;
    title: string;
    priority: Priority;
    estimate: number;
    done: boolean;
    line: number;
    group: string | null;
    level: number;
    top_level: number;
    bottom_level: number;
    files: { path: string; op: FileOp }[];
    depends_on: { id: string; reasons: readonly EdgeReason[] }[];
    depends_on_reduced: string[];
  }[];
  warnings: { kind: string; file: string; line: number; column: number; message: string }[];
}

/** Sums of fractional estimates print as 2.4, not 2.4000000000000004. */
function figure(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function toExecutionPlanDocument(plan: ExecutionPlan): ExecutionPlanDocument {
  return {
    version: 1,
    task_file: plan.file,
    workers: plan.workers,
    summary: {
      tasks: plan.tasks.length,
      pending: plan.runOrder.length,
      done: plan.done.length,
      groups: plan.groups.length,
      dependencies: plan.tasks.reduce((sum, t) => sum + t.dependsOn.length, 0),
      files: plan.advice.files,
    },
    groups: plan.groups.map((g) => ({ id: g.id, tasks: g.tasks, workers_needed: g.workersNeeded })),
    run_order: plan.runOrder,
    critical_path: { tasks: plan.criticalPath.tasks, length: figure(plan.criticalPath.length) },
    total_work: figure(plan.totalWork),
    makespan_lower_bound: figure(plan.lowerBound),
    advice: { mode: plan.advice.mode, files: plan.advice.files, message: plan.advice.message },
    dependencies_reduced: plan.dependenciesReduced,
    tasks: plan.tasks.map((t) => ({
      id: t.id,
      title: t.title,
      priority: t.priority,
      estimate: t.estimate,
      done: t.done,
      line: t.line,
      group: t.group,
      level: t.level,
      top_level: figure(t.topLevel),
      bottom_level: figure(t.bottomLevel),
      files: t.files,
      depends_on: t.dependsOn,
      depends_on_reduced: t.dependsOnReduced.map((d) => d.id),
    })),
    warnings: plan.warnings.map((w) => ({
      kind: w.kind,
      file: w.file,
      line: w.line,
      column: w.column,
      message: w.message,
    })),
  };
}

/**
 * The document as written to execution-plan.json: one top-level field per
 * line, and one line per group, task and warning, so a person can read and
 * diff it and a 10,000-task plan stays a few megabytes. Ends with a newline.
 */
export function toExecutionPlanJson(plan: ExecutionPlan): string {
  const doc = toExecutionPlanDocument(plan);
  const fields = Object.entries(doc).map(([key, value]) => {
    const isList = Array.isArray(value) && value.length > 0 && typeof value[0] === 'object';
    const text = isList
      ? `[\n${(value as unknown[]).map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`
      : JSON.stringify(value);
    return `  ${JSON.stringify(key)}: ${text}`;
  });
  return `{\n${fields.join(',\n')}\n}\n`;
}
