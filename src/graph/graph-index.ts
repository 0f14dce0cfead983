/**
 * An index-based view of a TaskGraph for the O(V+E) passes of planning: nodes
 * by file index, adjacency as indices parallel to each node's `deps` and
 * `dependents`, and the topological order as indices. `buildTaskGraph`
 * registers one for each graph it returns; other graphs get one on demand.
 */
import type { GraphEdge, GraphNode, TaskGraph } from './types.js';

/** An edge between task indices; `id` numbers the graph's edges from 0. */
export interface IndexPair {
  readonly id: number;
  readonly fromIndex: number;
  readonly toIndex: number;
}

export interface GraphIndex {
  readonly nodes: readonly GraphNode[];
  /** inn[v][k] is nodes[v].deps[k] by index. */
  readonly inn: readonly (readonly IndexPair[])[];
  /** out[v][k] is nodes[v].dependents[k] by index. */
  readonly out: readonly (readonly IndexPair[])[];
  readonly order: Int32Array;
  readonly edgeCount: number;
  /** done[v] is 1 when task v is done (`- [x]`). */
  readonly done: Uint8Array;
  /** Distinct paths the pending tasks declare, when the builder counted them. */
  readonly pendingPaths?: number;
}

const INDEXES = new WeakMap<TaskGraph, GraphIndex>();

export function registerGraphIndex(graph: TaskGraph, index: GraphIndex): void {
  INDEXES.set(graph, index);
}

export function graphIndex(graph: TaskGraph): GraphIndex {
  const known = INDEXES.get(graph);
  if (known !== undefined) return known;
  const nodes = graph.ids.map((id) => graph.nodes.get(id)!);
  const at = (id: string): number => graph.nodes.get(id)!.index;
  const pairs = new Map<GraphEdge, IndexPair>();
  const pair = (e: GraphEdge): IndexPair => {
    let p = pairs.get(e);
    if (p === undefined) {
      p = { id: pairs.size, fromIndex: at(e.from), toIndex: at(e.to) };
      pairs.set(e, p);
    }
    return p;
  };
  const index: GraphIndex = {
    nodes,
    inn: nodes.map((n) => n.deps.map(pair)),
    out: nodes.map((n) => n.dependents.map(pair)),
    order: Int32Array.from(graph.order, at),
    edgeCount: graph.edgeCount,
    done: Uint8Array.from(nodes, (n) => (n.task.done ? 1 : 0)),
  };
  INDEXES.set(graph, index);
  return index;
}
