/**
 * An index-based view of a TaskGraph for the O(V+E) passes of planning: nodes
 * by file index, the edges as flat arrays, and the topological order as
 * indices. `buildTaskGraph` registers one for each graph it returns; other
 * graphs get one on demand.
 */
import { type EdgeTable, edgeTable } from './edge-table.js';
import type { EdgeReason, GraphNode, TaskGraph } from './types.js';

export interface GraphIndex {
  readonly nodes: readonly GraphNode[];
  /** Edge e's source and target are node indices; node v's `deps[k]` is edge `innEdge[innStart[v] + k]`. */
  readonly edges: EdgeTable;
  readonly order: Int32Array;
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
  const from: number[] = [];
  const to: number[] = [];
  const reasons: (readonly EdgeReason[])[] = [];
  const inn: number[][] = nodes.map(() => []);
  const out: number[][] = nodes.map(() => []);
  nodes.forEach((node, v) => {
    for (const e of node.deps) {
      const u = at(e.from);
      inn[v]!.push(from.length);
      out[u]!.push(from.length);
      from.push(u);
      to.push(v);
      reasons.push(e.reasons);
    }
  });
  const index: GraphIndex = {
    nodes,
    edges: edgeTable(nodes.length, from, to, reasons, inn, out),
    order: Int32Array.from(graph.order, at),
    done: Uint8Array.from(nodes, (n) => (n.task.done ? 1 : 0)),
  };
  INDEXES.set(graph, index);
  return index;
}
