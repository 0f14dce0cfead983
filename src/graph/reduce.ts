/**
 * Transitive reduction for display: drop `A -> C` when `A -> B -> … -> C`
 * already orders them. Reachability sets are bitsets indexed by topological
 * position, built from the sinks up: O(V·(V+E)/32) time and V²/8 bytes, about
 * 12 MB at 10,000 tasks. Past `MAX_REDUCED_TASKS` the edges are shown as they are.
 */
import { graphIndex } from './graph-index.js';
import type { TaskGraph } from './types.js';

export const MAX_REDUCED_TASKS = 20_000;

/**
 * kept[e] is 1 when edge e is not implied by a longer path (edge ids as in the
 * graph's index), or undefined when the graph is too big to reduce.
 */
export function reducedEdges(graph: TaskGraph): Uint8Array | undefined {
  const { edges, order } = graphIndex(graph);
  const { from, innStart, innEdge, edgeCount } = edges;
  const n = order.length;
  if (n > MAX_REDUCED_TASKS) return undefined;
  const pos = new Int32Array(n);
  for (let i = 0; i < n; i++) pos[order[i]!] = i;
  // Children by topological position, nearest first: a counting pass over the edges.
  const start = new Int32Array(n + 1);
  for (let e = 0; e < edgeCount; e++) start[pos[from[e]!]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const childAt = new Int32Array(edgeCount);
  const childEdge = new Int32Array(edgeCount);
  // Targets visited in increasing position fill every parent's list in increasing position.
  for (let at = 0; at < n; at++) {
    const v = order[at]!;
    for (let k = innStart[v]!; k < innStart[v + 1]!; k++) {
      const e = innEdge[k]!;
      const p = pos[from[e]!]!;
      if (p >= at) continue; // only possible inside a reported cycle
      const slot = fill[p]!++;
      childAt[slot] = at;
      childEdge[slot] = e;
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
  return kept;
}
