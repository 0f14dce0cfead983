/**
 * A layered drawing of the dependency graph: a task's column is one past its
 * deepest dependency, rows are ordered by the average row of the dependencies
 * (one barycentre pass: few crossings, linear time for 1,000 tasks).
 */
import type { DependencyNode } from './critical-path.js';

export interface PlacedNode {
  id: string;
  column: number;
  row: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  /** [from dependency, to dependent], without edges implied through a direct dependency. */
  edges: [string, string][];
  columns: number;
  /** Most nodes in one column. */
  rows: number;
}

export function layoutGraph(nodes: readonly DependencyNode[]): GraphLayout {
  const ids = new Set(nodes.map((n) => n.id));
  const deps = new Map(nodes.map((n) => [n.id, [...new Set(n.dependsOn)].filter((d) => ids.has(d))]));
  const column = columnsOf(nodes, deps);
  const byColumn: string[][] = [];
  for (const n of nodes) {
    const c = column.get(n.id)!;
    byColumn[c] ??= [];
    byColumn[c].push(n.id);
  }
  const row = new Map<string, number>();
  byColumn.forEach((col, c) => {
    if (c > 0) {
      const centre = (id: string): number => {
        const ds = deps.get(id)!;
        return ds.length === 0
          ? Number.MAX_SAFE_INTEGER
          : ds.reduce((s, d) => s + row.get(d)!, 0) / ds.length;
      };
      const keyed = col.map((id, i) => ({ id, i, k: centre(id) }));
      keyed.sort((a, b) => a.k - b.k || a.i - b.i);
      col.splice(0, col.length, ...keyed.map((k) => k.id));
    }
    col.forEach((id, r) => {
      row.set(id, r);
    });
  });
  const edges: [string, string][] = [];
  for (const n of nodes) {
    const direct = deps.get(n.id)!;
    const implied = new Set(direct.flatMap((d) => deps.get(d)!));
    for (const d of direct) if (!implied.has(d)) edges.push([d, n.id]);
  }
  return {
    nodes: nodes.map((n) => ({ id: n.id, column: column.get(n.id)!, row: row.get(n.id)! })),
    edges,
    columns: byColumn.length,
    rows: Math.max(0, ...byColumn.map((c) => c?.length ?? 0)),
  };
}

/** Longest-path depth by Kahn's algorithm; tasks caught in a cycle go to column 0. */
function columnsOf(nodes: readonly DependencyNode[], deps: Map<string, string[]>): Map<string, number> {
  const column = new Map<string, number>();
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    const ds = deps.get(n.id)!;
    waiting.set(n.id, ds.length);
    for (const d of ds) {
      const list = dependents.get(d) ?? [];
      list.push(n.id);
      dependents.set(d, list);
    }
  }
  const queue = nodes.filter((n) => waiting.get(n.id) === 0).map((n) => n.id);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const c = Math.max(-1, ...deps.get(id)!.map((d) => column.get(d) ?? -1)) + 1;
    column.set(id, c);
    for (const next of dependents.get(id) ?? []) {
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  for (const n of nodes) if (!column.has(n.id)) column.set(n.id, 0);
  return column;
}
