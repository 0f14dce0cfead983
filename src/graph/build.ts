/** `buildTaskGraph`: explicit + implicit dependencies, cycles, and per-task figures. */
import type { Diagnostic } from '../errors.js';
import type { Task, TaskFile } from '../tasks/types.js';
import { cycleDiagnostic, cyclesInComponent, stronglyConnectedComponents } from './cycles.js';
import { DynamicDag, type IndexEdge } from './dynamic-dag.js';
import { addFileDependencies } from './file-deps.js';
import { computeMetrics, taskWeight } from './metrics.js';
import type { EdgeReason, GraphEdge, GraphNode, TaskGraph } from './types.js';

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
  const tasks = firstOfEachId(taskFile.tasks);
  const indexOf = new Map(tasks.map((t, i) => [t.id, i]));
  const reasonOf = new Map<number, EdgeReason>();
  const dependsOn = tasks.map((task, v) => {
    const targets = new Set<number>();
    for (const dep of task.dependsOn) {
      const u = indexOf.get(dep.id);
      if (u === undefined || u === v) continue;
      if (!targets.has(u) || !dep.implicit)
        reasonOf.set(u * tasks.length + v, dep.implicit ? 'checklist' : 'explicit');
      targets.add(u);
    }
    return [...targets];
  });

  const components = stronglyConnectedComponents(dependsOn);
  const diagnostics: Diagnostic[] = [];
  for (const component of components) {
    if (component.length < 2) continue;
    for (const cycle of cyclesInComponent(component, dependsOn)) {
      diagnostics.push(cycleDiagnostic(taskFile.path, cycle, tasks));
    }
  }

  const dag = new DynamicDag(tasks.length, components.flat());
  dependsOn.forEach((targets, v) => {
    for (const u of targets) dag.addUnchecked(u, v, reasonOf.get(u * tasks.length + v)!);
  });
  const warnings = diagnostics.length === 0 ? addFileDependencies(taskFile.path, tasks, dag) : [];
  warnings.sort(byPosition);
  return { graph: assemble(taskFile.path, tasks, dag, warnings), diagnostics, warnings };
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);
}

function rankOfReason(r: EdgeReason): number {
  return r === 'explicit' ? 0 : r === 'checklist' ? 1 : 2;
}

function firstOfEachId(tasks: readonly Task[]): Task[] {
  const seen = new Set<string>();
  return tasks.filter((t) => !seen.has(t.id) && seen.add(t.id));
}

function assemble(file: string, tasks: readonly Task[], dag: DynamicDag, warnings: Diagnostic[]): TaskGraph {
  const n = tasks.length;
  const done = new Uint8Array(n);
  const weight = new Float64Array(n);
  tasks.forEach((t, v) => {
    done[v] = t.done ? 1 : 0;
    weight[v] = taskWeight(t);
  });
  const metrics = computeMetrics(dag, weight, done);

  // One GraphEdge object per edge, shared by both ends; lists in file order.
  const edges = new Map<IndexEdge, GraphEdge>();
  const toGraphEdge = (e: IndexEdge): GraphEdge => {
    let edge = edges.get(e);
    if (edge === undefined) {
      e.reasons.sort((a, b) => rankOfReason(a) - rankOfReason(b));
      edge = { from: tasks[e.from]!.id, to: tasks[e.to]!.id, reasons: e.reasons };
      edges.set(e, edge);
    }
    return edge;
  };
  const numeric = (a: number, b: number): number => a - b;
  const nodes = new Map<string, GraphNode>();
  tasks.forEach((task, v) => {
    nodes.set(task.id, {
      task,
      index: v,
      deps: [...dag.inn[v]!].sort(numeric).map((u) => toGraphEdge(dag.edge(u, v)!)),
      dependents: [...dag.out[v]!].sort(numeric).map((w) => toGraphEdge(dag.edge(v, w)!)),
      level: metrics.level[v]!,
      topLevel: metrics.topLevel[v]!,
      bottomLevel: metrics.bottomLevel[v]!,
    });
  });
  return {
    file,
    ids: tasks.map((t) => t.id),
    nodes,
    order: metrics.order.map((v) => tasks[v]!.id),
    edgeCount: dag.edges.length,
    warnings,
  };
}
