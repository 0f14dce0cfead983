/** `buildTaskGraph`: explicit + implicit dependencies, cycles, and per-task figures. */
import type { Diagnostic } from '../errors.js';
import type { Task, TaskFile } from '../tasks/types.js';
import { cycleDiagnostic, cyclesInComponent, stronglyConnectedComponents } from './cycles.js';
import { DynamicDag } from './dynamic-dag.js';
import { edgeTable } from './edge-table.js';
import { addFileDependencies } from './file-deps.js';
import { registerGraphIndex } from './graph-index.js';
import { computeMetrics, taskWeight } from './metrics.js';
import { GraphEdges, TaskNode } from './nodes.js';
import type { EdgeReason, GraphNode, TaskGraph } from './types.js';

export interface TaskGraphResult {
  graph: TaskGraph;
  /** Errors: dependency cycles (kind `cycle`). The graph is not plannable when any exist. */
  diagnostics: Diagnostic[];
  /** Same as `graph.warnings`. */
  warnings: Diagnostic[];
}

/**
 * Build the dependency graph in O(V+E). Duplicate ids, unknown and self
 * dependencies are the parser's to report: the graph keeps the first task of
 * an id and ignores such dependencies. Implicit file dependencies are only
 * derived when the explicit ones are acyclic.
 */
export function buildTaskGraph(taskFile: TaskFile): TaskGraphResult {
  const { tasks, indexOf } = firstOfEachId(taskFile.tasks);
  const dag = new DynamicDag(tasks.length, []);
  addWrittenDependencies(tasks, indexOf, dag);

  const { order, tangles } = stronglyConnectedComponents(dag.inn, dag.from);
  dag.resetOrder(order);
  const diagnostics: Diagnostic[] = [];
  for (const component of tangles) {
    for (const cycle of cyclesInComponent(component, dag.inn, dag.from)) {
      diagnostics.push(cycleDiagnostic(taskFile.path, cycle, tasks));
    }
  }
  const fileDeps = diagnostics.length === 0 ? addFileDependencies(taskFile.path, tasks, dag) : undefined;
  const warnings = fileDeps?.warnings ?? [];
  warnings.sort(byPosition);
  return { graph: assemble(taskFile.path, tasks, dag, warnings, fileDeps?.paths), diagnostics, warnings };
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);
}

function firstOfEachId(tasks: readonly Task[]): { tasks: Task[]; indexOf: Map<string, number> } {
  const indexOf = new Map<string, number>();
  const kept: Task[] = [];
  for (const task of tasks) {
    if (indexOf.has(task.id)) continue;
    indexOf.set(task.id, kept.length);
    kept.push(task);
  }
  return { tasks: kept, indexOf };
}

/**
 * Each task's known dependencies as edges of `dag`, without repeats or itself,
 * in the order written; a dependency given both ways counts as written by hand
 * (explicit). The edges are added before any order exists: the components of
 * these edges give the first one.
 */
function addWrittenDependencies(
  tasks: readonly Task[],
  indexOf: ReadonlyMap<string, number>,
  dag: DynamicDag,
): void {
  // edgeOf[u] is the edge from u to the current task while owner[u] is that task.
  const owner = new Int32Array(tasks.length).fill(-1);
  const edgeOf = new Int32Array(tasks.length);
  for (let v = 0; v < tasks.length; v++) {
    for (const dep of tasks[v]!.dependsOn) {
      const u = indexOf.get(dep.id);
      if (u === undefined || u === v) continue;
      const reason: EdgeReason = dep.implicit ? 'checklist' : 'explicit';
      if (owner[u] === v) {
        if (reason === 'explicit') dag.setReason(edgeOf[u]!, reason);
        continue;
      }
      owner[u] = v;
      edgeOf[u] = dag.edgeCount;
      dag.addUnchecked(u, v, reason, true);
    }
  }
}

function rankOfReason(r: EdgeReason): number {
  return r === 'explicit' ? 0 : r === 'checklist' ? 1 : 2;
}

function assemble(
  file: string,
  tasks: readonly Task[],
  dag: DynamicDag,
  warnings: Diagnostic[],
  pendingPaths: number | undefined,
): TaskGraph {
  const ids = tasks.map((t) => t.id);
  const weight = new Float64Array(tasks.length);
  const done = new Uint8Array(tasks.length);
  for (let v = 0; v < tasks.length; v++) {
    weight[v] = taskWeight(tasks[v]!);
    done[v] = tasks[v]!.done ? 1 : 0;
  }
  // Reason lists in a fixed order: written ones (explicit, checklist) first.
  const reasons = dag.reasons;
  for (let e = 0; e < reasons.length; e++) {
    if (reasons[e]!.length > 1)
      reasons[e] = [...reasons[e]!].sort((a, b) => rankOfReason(a) - rankOfReason(b));
  }
  const edges = edgeTable(tasks.length, dag.from, dag.to, reasons, dag.inn, dag.out);
  const metrics = computeMetrics(edges, dag.ord, weight, done);
  const shown = new GraphEdges(edges, ids);
  const nodeList: GraphNode[] = new Array(tasks.length);
  const nodes = new Map<string, GraphNode>();
  for (let v = 0; v < tasks.length; v++) {
    const node = new TaskNode(
      tasks[v]!,
      v,
      metrics.level[v]!,
      metrics.topLevel[v]!,
      metrics.bottomLevel[v]!,
      shown,
      edges,
    );
    nodeList[v] = node;
    nodes.set(ids[v]!, node);
  }
  const order = new Array<string>(tasks.length);
  for (let i = 0; i < tasks.length; i++) order[i] = ids[metrics.order[i]!]!;
  const graph: TaskGraph = { file, ids, nodes, order, edgeCount: edges.edgeCount, warnings };
  registerGraphIndex(graph, {
    nodes: nodeList,
    edges,
    order: metrics.order,
    done,
    ...(pendingPaths === undefined ? {} : { pendingPaths }),
  });
  return graph;
}
