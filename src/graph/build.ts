/** `buildTaskGraph`: explicit + implicit dependencies, cycles, and per-task figures. */
import type { Diagnostic } from '../errors.js';
import type { Task, TaskFile } from '../tasks/types.js';
import { cycleDiagnostic, cyclesInComponent, stronglyConnectedComponents } from './cycles.js';
import { DynamicDag, type IndexEdge } from './dynamic-dag.js';
import { addFileDependencies } from './file-deps.js';
import { registerGraphIndex } from './graph-index.js';
import { computeMetrics, taskWeight } from './metrics.js';
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
  const { dependsOn, reasons } = writtenDependencies(tasks, indexOf);

  const { order, tangles } = stronglyConnectedComponents(dependsOn);
  const diagnostics: Diagnostic[] = [];
  for (const component of tangles) {
    for (const cycle of cyclesInComponent(component, dependsOn)) {
      diagnostics.push(cycleDiagnostic(taskFile.path, cycle, tasks));
    }
  }

  const dag = new DynamicDag(
    tasks.map((t) => t.id),
    order,
  );
  dependsOn.forEach((targets, v) => {
    targets.forEach((u, k) => {
      dag.addUnchecked(u, v, reasons[v]![k]!, true);
    });
  });
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
 * Each task's known dependencies by index, without repeats or itself; a
 * dependency given both ways counts as written by hand (explicit).
 */
function writtenDependencies(
  tasks: readonly Task[],
  indexOf: ReadonlyMap<string, number>,
): { dependsOn: number[][]; reasons: EdgeReason[][] } {
  // slot[u] is u's place in the current task's list while owner[u] is that task.
  const owner = new Int32Array(tasks.length).fill(-1);
  const slot = new Int32Array(tasks.length);
  const dependsOn: number[][] = [];
  const reasons: EdgeReason[][] = [];
  tasks.forEach((task, v) => {
    const targets: number[] = [];
    const why: EdgeReason[] = [];
    for (const dep of task.dependsOn) {
      const u = indexOf.get(dep.id);
      if (u === undefined || u === v) continue;
      const reason: EdgeReason = dep.implicit ? 'checklist' : 'explicit';
      if (owner[u] === v) {
        if (reason === 'explicit') why[slot[u]!] = reason;
        continue;
      }
      owner[u] = v;
      slot[u] = targets.length;
      targets.push(u);
      why.push(reason);
    }
    dependsOn.push(targets);
    reasons.push(why);
  });
  return { dependsOn, reasons };
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
  const weight = Float64Array.from(tasks, taskWeight);
  const done = Uint8Array.from(tasks, (t) => (t.done ? 1 : 0));
  const metrics = computeMetrics(dag, weight, done);

  // The DAG's edges are the graph's edges, each shared by both ends; lists sorted into file order.
  for (const e of dag.edges) {
    if (e.reasons.length > 1) e.reasons = [...e.reasons].sort((a, b) => rankOfReason(a) - rankOfReason(b));
  }
  const nodeList = tasks.map(
    (task, v): GraphNode => ({
      task,
      index: v,
      deps: sortedBy(dag.inn[v]!, 'fromIndex'),
      dependents: sortedBy(dag.out[v]!, 'toIndex'),
      level: metrics.level[v]!,
      topLevel: metrics.topLevel[v]!,
      bottomLevel: metrics.bottomLevel[v]!,
    }),
  );
  const nodes = new Map<string, GraphNode>();
  for (const node of nodeList) nodes.set(node.task.id, node);
  const graph: TaskGraph = {
    file,
    ids: tasks.map((t) => t.id),
    nodes,
    order: metrics.order.map((v) => tasks[v]!.id),
    edgeCount: dag.edges.length,
    warnings,
  };
  registerGraphIndex(graph, {
    nodes: nodeList,
    inn: dag.inn,
    out: dag.out,
    order: Int32Array.from(metrics.order),
    edgeCount: dag.edges.length,
    done,
    ...(pendingPaths === undefined ? {} : { pendingPaths }),
  });
  return graph;
}

/** Sort an adjacency list in place by one end, skipping the sort when it is already in order. */
function sortedBy(list: IndexEdge[], key: 'fromIndex' | 'toIndex'): IndexEdge[] {
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1]![key] > list[i]![key]) return list.sort((a, b) => a[key] - b[key]);
  }
  return list;
}
