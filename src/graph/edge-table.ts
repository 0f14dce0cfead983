/**
 * A finished graph's edges as flat arrays (compressed sparse rows): what
 * planning walks, many times, over tens of thousands of edges. Each task's
 * incoming edges are in file order of their source and its outgoing edges in
 * file order of their target, as the graph shows them, without a sort: one
 * counting pass over the edges in order of the other end puts them there.
 */
import type { EdgeReason } from './types.js';

export interface EdgeTable {
  readonly n: number;
  readonly edgeCount: number;
  /** from[e] runs before to[e]: to[e] depends on from[e]. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** Every reason for edge e, written ones (explicit, checklist) first. */
  readonly reasons: readonly (readonly EdgeReason[])[];
  /** The edges into v are innEdge[innStart[v]] … innEdge[innStart[v + 1] - 1]. */
  readonly innStart: Int32Array;
  readonly innEdge: Int32Array;
  /** The edges out of v are outEdge[outStart[v]] … outEdge[outStart[v + 1] - 1]. */
  readonly outStart: Int32Array;
  readonly outEdge: Int32Array;
}

/**
 * `from`, `to` and `reasons` describe edge e = 0, 1, …; `inn[v]` lists the
 * edges into v and `out[v]` the edges out of it, in any order.
 */
export function edgeTable(
  n: number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  reasons: readonly (readonly EdgeReason[])[],
  inn: readonly (readonly number[])[],
  out: readonly (readonly number[])[],
): EdgeTable {
  const edgeCount = from.length;
  const innStart = new Int32Array(n + 1);
  const outStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    innStart[v + 1] = innStart[v]! + inn[v]!.length;
    outStart[v + 1] = outStart[v]! + out[v]!.length;
  }
  const innEdge = new Int32Array(edgeCount);
  const outEdge = new Int32Array(edgeCount);
  const innFill = innStart.slice(0, n);
  const outFill = outStart.slice(0, n);
  // Sources in increasing order fill each target's list in file order of the source, and the other way round.
  for (let v = 0; v < n; v++) {
    for (const e of out[v]!) innEdge[innFill[to[e]!]!++] = e;
    for (const e of inn[v]!) outEdge[outFill[from[e]!]!++] = e;
  }
  return {
    n,
    edgeCount,
    from: new Int32Array(from),
    to: new Int32Array(to),
    reasons,
    innStart,
    innEdge,
    outStart,
    outEdge,
  };
}
