/** `planExecution`: groups, critical path, lower bound, run order and advice for a task graph. */
import { type Diagnostic, UsageError } from '../errors.js';
import type { FileOp, Priority } from '../tasks/types.js';
import { type SizeAdvice, sizeAdvice } from './advice.js';
import type { IndexEdge } from './dynamic-dag.js';
import { graphIndex } from './graph-index.js';
import { taskWeight } from './metrics.js';
import { reducedDependencies } from './reduce.js';
import { compareIds, runOrderIndices } from './run-order.js';
import type { EdgeReason, GraphEdge, GraphNode, TaskGraph } from './types.js';

export interface PlanGroup {
  /** `G1`, `G2`, … in dependency order. */
  id: string;
  /** In run order. */
  tasks: string[];
  /** min(tasks in the group, workers). */
  workersNeeded: number;
}

export interface PlanDependency {
  id: string;
  /** Shared with the graph's edge: do not mutate. */
  reasons: readonly EdgeReason[];
}

export interface PlanTask {
  id: string;
  title: string;
  priority: Priority;
  estimate: number;
  done: boolean;
  line: number;
  /** Group id, or null for a done task. */
  group: string | null;
  level: number;
  topLevel: number;
  bottomLevel: number;
  files: { path: string; op: FileOp }[];
  /** Every direct dependency, in file order. */
  dependsOn: PlanDependency[];
  /** The direct dependencies not implied by others (all of them when `dependenciesReduced` is false). */
  dependsOnReduced: PlanDependency[];
}

export interface ExecutionPlan {
  version: 1;
  file: string;
  workers: number;
  /** Every task, in file order. */
  tasks: PlanTask[];
  groups: PlanGroup[];
  /** Pending tasks in the order weft starts them (see `compareRunOrder`). */
  runOrder: string[];
  /** Tasks already done (`- [x]`): satisfied, not run. */
  done: string[];
  criticalPath: { tasks: string[]; length: number };
  /** Sum of the pending tasks' estimates. */
  totalWork: number;
  /** max(critical path, total work / workers): no schedule can finish sooner. */
  lowerBound: number;
  dependenciesReduced: boolean;
  advice: SizeAdvice;
  warnings: Diagnostic[];
}

/** Plan an acyclic graph (one whose build reported no diagnostics). */
export function planExecution(graph: TaskGraph, options: { workers: number }): ExecutionPlan {
  const { workers } = options;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new UsageError(`workers must be a positive integer, got ${String(workers)}`);
  }
  const index = graphIndex(graph);
  const { nodes } = index;
  const pending = nodes.filter((n) => !n.task.done);
  const orderIndices = runOrderIndices(graph);
  const order = orderIndices.map((v) => nodes[v]!.task.id);
  const groups = groupsByLevel(nodes, orderIndices, workers);
  const groupOf = (n: GraphNode): string | null => (n.level < 0 ? null : groups[n.level]!.id);
  const reduced = reducedDependencies(graph);
  // One dependency object per edge, shared by `dependsOn` and `dependsOnReduced`.
  const dependencies = new Array<PlanDependency | undefined>(index.edgeCount);
  const toDependency = (e: GraphEdge): PlanDependency => {
    const id = (e as IndexEdge).id;
    if (typeof id !== 'number') return { id: e.from, reasons: e.reasons };
    let d = dependencies[id];
    if (d === undefined) {
      d = { id: e.from, reasons: e.reasons };
      dependencies[id] = d;
    }
    return d;
  };
  const totalWork = pending.reduce((sum, n) => sum + taskWeight(n.task), 0);
  const criticalPath = criticalPathOf(graph, pending);
  const sequential = pending.length > 1 && groups.every((g) => g.tasks.length === 1);

  return {
    version: 1,
    file: graph.file,
    workers,
    tasks: nodes.map((n) => ({
      id: n.task.id,
      title: n.task.title,
      priority: n.task.priority,
      estimate: n.task.estimate,
      done: n.task.done,
      line: n.task.position.line,
      group: groupOf(n),
      level: n.level,
      topLevel: n.topLevel,
      bottomLevel: n.bottomLevel,
      files: n.task.files.map((f) => ({ path: f.path, op: f.op })),
      dependsOn: n.deps.map(toDependency),
      dependsOnReduced: (reduced?.get(n.task.id) ?? n.deps).map(toDependency),
    })),
    groups,
    runOrder: order,
    done: nodes.filter((n) => n.task.done).map((n) => n.task.id),
    criticalPath,
    totalWork,
    lowerBound: Math.max(criticalPath.length, totalWork / workers),
    dependenciesReduced: reduced !== undefined,
    advice: sizeAdvice(graph, sequential),
    warnings: [...graph.warnings],
  };
}

function groupsByLevel(nodes: readonly GraphNode[], order: readonly number[], workers: number): PlanGroup[] {
  const groups: PlanGroup[] = [];
  for (const v of order) {
    const node = nodes[v]!;
    const level = node.level;
    while (groups.length <= level) groups.push({ id: `G${groups.length + 1}`, tasks: [], workersNeeded: 0 });
    groups[level]!.tasks.push(node.task.id);
  }
  for (const g of groups) g.workersNeeded = Math.min(g.tasks.length, workers);
  return groups;
}

/** Follow the largest remaining critical path from the heaviest source; ties go to the earlier id. */
function criticalPathOf(
  graph: TaskGraph,
  pending: readonly GraphNode[],
): { tasks: string[]; length: number } {
  const heavier = (a: GraphNode, b: GraphNode): GraphNode =>
    b.bottomLevel > a.bottomLevel || (b.bottomLevel === a.bottomLevel && compareIds(b.task.id, a.task.id) < 0)
      ? b
      : a;
  let current = pending
    .filter((n) => n.level === 0)
    .reduce<GraphNode | undefined>((best, n) => (best === undefined ? n : heavier(best, n)), undefined);
  const length = current?.bottomLevel ?? 0;
  const tasks: string[] = [];
  while (current !== undefined) {
    tasks.push(current.task.id);
    let next: GraphNode | undefined;
    for (const e of current.dependents) {
      const child = graph.nodes.get(e.to)!;
      if (!child.task.done) next = next === undefined ? child : heavier(next, child);
    }
    current = next;
  }
  return { tasks, length };
}
