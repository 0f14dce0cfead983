/** `planExecution`: groups, critical path, lower bound, run order and advice for a task graph. */
import { type Diagnostic, UsageError } from '../errors.js';
import type { FileOp, Priority } from '../tasks/types.js';
import { type SizeAdvice, sizeAdvice } from './advice.js';
import type { EdgeTable } from './edge-table.js';
import { graphIndex } from './graph-index.js';
import { taskWeight } from './metrics.js';
import { reducedEdges } from './reduce.js';
import { compareIds, runOrderIndices } from './run-order.js';
import type { EdgeReason, GraphNode, TaskGraph } from './types.js';

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
  const { nodes, edges } = graphIndex(graph);
  const orderIndices = runOrderIndices(graph);
  const order = orderIndices.map((v) => nodes[v]!.task.id);
  const groups = groupsByLevel(nodes, orderIndices, workers);
  const kept = reducedEdges(graph);
  const dependencies = planDependencies(nodes, edges);
  const { innStart, innEdge } = edges;
  const tasks = new Array<PlanTask>(nodes.length);
  const done: string[] = [];
  let pending = 0;
  let totalWork = 0;
  for (let v = 0; v < nodes.length; v++) {
    const n = nodes[v]!;
    const task = n.task;
    if (task.done) done.push(task.id);
    else {
      pending++;
      totalWork += taskWeight(task);
    }
    const dependsOn = new Array<PlanDependency>(innStart[v + 1]! - innStart[v]!);
    let shown = 0;
    for (let k = innStart[v]!; k < innStart[v + 1]!; k++) {
      const e = innEdge[k]!;
      dependsOn[k - innStart[v]!] = dependencies[e]!;
      if (kept === undefined || kept[e] === 1) shown++;
    }
    // Made at its size: 10,000 lists grown one push at a time would mostly be spare room.
    const dependsOnReduced = new Array<PlanDependency>(shown);
    for (let k = innStart[v]!, i = 0; k < innStart[v + 1]!; k++) {
      const e = innEdge[k]!;
      if (kept === undefined || kept[e] === 1) dependsOnReduced[i++] = dependencies[e]!;
    }
    const files = new Array<{ path: string; op: FileOp }>(task.files.length);
    for (let i = 0; i < files.length; i++) files[i] = { path: task.files[i]!.path, op: task.files[i]!.op };
    tasks[v] = {
      id: task.id,
      title: task.title,
      priority: task.priority,
      estimate: task.estimate,
      done: task.done,
      line: task.position.line,
      group: n.level < 0 ? null : groups[n.level]!.id,
      level: n.level,
      topLevel: n.topLevel,
      bottomLevel: n.bottomLevel,
      files,
      dependsOn,
      dependsOnReduced,
    };
  }
  const criticalPath = criticalPathOf(nodes, edges);
  const sequential = pending > 1 && groups.every((g) => g.tasks.length === 1);

  return {
    version: 1,
    file: graph.file,
    workers,
    tasks,
    groups,
    runOrder: order,
    done,
    criticalPath,
    totalWork,
    lowerBound: Math.max(criticalPath.length, totalWork / workers),
    dependenciesReduced: kept !== undefined,
    advice: sizeAdvice(graph, sequential),
    warnings: [...graph.warnings],
  };
}

/** One dependency object per edge, shared by `dependsOn` and `dependsOnReduced`. */
function planDependencies(nodes: readonly GraphNode[], edges: EdgeTable): PlanDependency[] {
  const { from, reasons, edgeCount } = edges;
  const out = new Array<PlanDependency>(edgeCount);
  for (let e = 0; e < edgeCount; e++) out[e] = { id: nodes[from[e]!]!.task.id, reasons: reasons[e]! };
  return out;
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
function criticalPathOf(nodes: readonly GraphNode[], edges: EdgeTable): { tasks: string[]; length: number } {
  const heavier = (a: GraphNode, b: GraphNode): GraphNode =>
    b.bottomLevel > a.bottomLevel || (b.bottomLevel === a.bottomLevel && compareIds(b.task.id, a.task.id) < 0)
      ? b
      : a;
  let current: GraphNode | undefined;
  for (const n of nodes) {
    if (!n.task.done && n.level === 0) current = current === undefined ? n : heavier(current, n);
  }
  const length = current?.bottomLevel ?? 0;
  const tasks: string[] = [];
  const { to, outStart, outEdge } = edges;
  while (current !== undefined) {
    tasks.push(current.task.id);
    let next: GraphNode | undefined;
    for (let k = outStart[current.index]!; k < outStart[current.index + 1]!; k++) {
      const child = nodes[to[outEdge[k]!]!]!;
      if (!child.task.done) next = next === undefined ? child : heavier(next, child);
    }
    current = next;
  }
  return { tasks, length };
}
