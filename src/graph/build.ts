/** `buildTaskGraph`: explicit + implicit dependencies, cycles, and per-task figures. */
import type { Diagnostic } from '../errors.js';
import type { Task, TaskFile } from '../tasks/types.js';
import { cycleDiagnostic, cyclesInComponent, stronglyConnectedComponents } from './cycles.js';
import { DynamicDag } from './dynamic-dag.js';
import { addFileDependencies } from './file-deps.js';
import { registerGraphIndex } from './graph-index.js';
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

  // One GraphEdge per edge, shared by both ends. Walking sources (then targets) in file order
  // fills every deps (dependents) list already sorted by file order.
  const views = dag.edges.map(
    (e): GraphEdge => ({
      from: tasks[e.from]!.id,
      to: tasks[e.to]!.id,
      reasons: e.reasons.length > 1 ? e.reasons.sort((a, b) => rankOfReason(a) - rankOfReason(b)) : e.reasons,
    }),
  );
  const deps: GraphEdge[][] = tasks.map(() => []);
  const inn: number[][] = tasks.map(() => []);
  const dependents: GraphEdge[][] = tasks.map(() => []);
  const out: number[][] = tasks.map(() => []);
  for (let v = 0; v < n; v++) {
    for (const e of dag.outEdges[v]!) {
      deps[e.to]!.push(views[e.id]!);
      inn[e.to]!.push(v);
    }
    for (const e of dag.inEdges[v]!) {
      dependents[e.from]!.push(views[e.id]!);
      out[e.from]!.push(v);
    }
  }
  const nodeList = tasks.map(
    (task, v): GraphNode => ({
      task,
      index: v,
      deps: deps[v]!,
      dependents: dependents[v]!,
      level: metrics.level[v]!,
      topLevel: metrics.topLevel[v]!,
      bottomLevel: metrics.bottomLevel[v]!,
    }),
  );
  const graph: TaskGraph = {
    file,
    ids: tasks.map((t) => t.id),
    nodes: new Map(nodeList.map((node) => [node.task.id, node])),
    order: metrics.order.map((v) => tasks[v]!.id),
    edgeCount: dag.edges.length,
    warnings,
  };
  registerGraphIndex(graph, { nodes: nodeList, inn, out, order: Int32Array.from(metrics.order) });
  return graph;
}
