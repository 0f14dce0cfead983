/**
 * Transitive reduction for display: drop `A -> C` when `A -> B -> … -> C`
 * already orders them. Reachability sets are bitsets indexed by topological
 * position, built from the sinks up: O(V·(V+E)/32) time and V²/8 bytes, about
 * 12 MB at 10,000 tasks. Past `MAX_REDUCED_TASKS` the edges are shown as they are.
 */
import type { GraphEdge, TaskGraph } from './types.js';

export const MAX_REDUCED_TASKS = 20_000;

/** Each task's direct dependencies with the implied ones removed, or undefined when the graph is too big. */
export function reducedDependencies(graph: TaskGraph): Map<string, GraphEdge[]> | undefined {
  const n = graph.order.length;
  if (n > MAX_REDUCED_TASKS) return undefined;
  const pos = new Map<string, number>(graph.order.map((id, i) => [id, i]));
  const words = (n + 31) >>> 5;
  const reach = new Uint32Array(n * words);
  const kept = new Set<GraphEdge>();

  for (let i = n - 1; i >= 0; i--) {
    const node = graph.nodes.get(graph.order[i]!)!;
    const base = i * words;
    // Children nearest in the order first: a later child can only be reached through an earlier one.
    const children = node.dependents
      .map((edge) => ({ edge, at: pos.get(edge.to)! }))
      .filter((c) => c.at > i)
      .sort((a, b) => a.at - b.at);
    for (const { edge, at } of children) {
      if ((reach[base + (at >>> 5)]! & (1 << (at & 31))) !== 0) continue;
      kept.add(edge);
      reach[base + (at >>> 5)]! |= 1 << (at & 31);
      const childBase = at * words;
      for (let w = at >>> 5; w < words; w++) reach[base + w]! |= reach[childBase + w]!;
    }
  }
  const reduced = new Map<string, GraphEdge[]>();
  for (const id of graph.ids) {
    reduced.set(
      id,
      graph.nodes.get(id)!.deps.filter((e) => kept.has(e)),
    );
  }
  return reduced;
}
