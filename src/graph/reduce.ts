/**
 * Transitive reduction for display: drop `A -> C` when `A -> B -> … -> C`
 * already orders them. Reachability sets are bitsets indexed by topological
 * position, built from the sinks up: O(V·(V+E)/32) time and V²/8 bytes, about
 * 12 MB at 10,000 tasks. Past `MAX_REDUCED_TASKS` the edges are shown as they are.
 */
import { graphIndex } from './graph-index.js';
import type { GraphEdge, TaskGraph } from './types.js';

export const MAX_REDUCED_TASKS = 20_000;

/** Each task's direct dependencies with the implied ones removed (by id), or undefined when the graph is too big. */
export function reducedDependencies(graph: TaskGraph): Map<string, GraphEdge[]> | undefined {
  const { nodes, inn, order, edgeCount } = graphIndex(graph);
  const n = order.length;
  if (n > MAX_REDUCED_TASKS) return undefined;
  const pos = new Int32Array(n);
  order.forEach((v, i) => {
    pos[v] = i;
  });
  // Children by topological position, nearest first, without a sort: visiting the tasks in
  // order and appending each to its parents' lists leaves every list in increasing position.
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) for (const e of inn[v]!) start[pos[e.fromIndex]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const childAt = new Int32Array(edgeCount);
  const childEdge = new Int32Array(edgeCount);
  for (let i = 0; i < n; i++) {
    for (const e of inn[order[i]!]!) {
      const p = pos[e.fromIndex]!;
      if (p >= i) continue; // only possible inside a reported cycle
      const k = fill[p]!++;
      childAt[k] = i;
      childEdge[k] = e.id;
    }
  }
  const words = (n + 31) >>> 5;
  const reach = new Uint32Array(n * words);
  const kept = new Uint8Array(edgeCount);
  for (let i = n - 1; i >= 0; i--) {
    const base = i * words;
    // A later child can only be reached through an earlier one, so look at the nearest first.
    for (let k = start[i]!; k < fill[i]!; k++) {
      const at = childAt[k]!;
      if ((reach[base + (at >>> 5)]! & (1 << (at & 31))) !== 0) continue;
      kept[childEdge[k]!] = 1;
      reach[base + (at >>> 5)]! |= 1 << (at & 31);
      const childBase = at * words;
      for (let w = at >>> 5; w < words; w++) reach[base + w]! |= reach[childBase + w]!;
    }
  }
  const reduced = new Map<string, GraphEdge[]>();
  nodes.forEach((node, v) => {
    const edges = inn[v]!;
    const deps: GraphEdge[] = [];
    for (let k = 0; k < edges.length; k++) if (kept[edges[k]!.id] === 1) deps.push(node.deps[k]!);
    reduced.set(node.task.id, deps);
  });
  return reduced;
}
