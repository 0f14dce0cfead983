/**
 * A DAG over task indices that keeps a topological order while edges are added
 * (Pearce & Kelly's dynamic topological sort). An edge that agrees with the
 * current order costs O(1); one that disagrees reorders only the affected
 * region, and one that would close a cycle is refused with the path that
 * already runs the other way. This keeps implicit-edge insertion near O(V+E).
 */
import type { EdgeReason } from './types.js';

export interface IndexEdge {
  /** Position in `DynamicDag.edges`. */
  readonly id: number;
  readonly from: number;
  readonly to: number;
  readonly reasons: EdgeReason[];
}

export type AddEdgeResult =
  | { ok: true }
  /** `path` runs from `to` to `from` along existing edges: adding the edge would close it into a cycle. */
  | { ok: false; path: number[] };

export class DynamicDag {
  readonly n: number;
  /** out[v]: tasks that run after v. */
  readonly out: number[][];
  /** inn[v]: tasks v waits for. */
  readonly inn: number[][];
  /** outEdges[v][k] is the edge to out[v][k]; inEdges likewise. */
  readonly outEdges: IndexEdge[][];
  readonly inEdges: IndexEdge[][];
  readonly edges: IndexEdge[] = [];
  /** ord[v]: v's position in the current topological order. */
  readonly ord: Int32Array;
  private readonly edgeByKey = new Map<number, IndexEdge>();
  private readonly mark: Uint8Array;
  private readonly parent: Int32Array;

  /** `initialOrder` lists every index once; edges added unchecked must agree with it. */
  constructor(n: number, initialOrder: readonly number[]) {
    this.n = n;
    this.out = Array.from({ length: n }, () => []);
    this.inn = Array.from({ length: n }, () => []);
    this.outEdges = Array.from({ length: n }, () => []);
    this.inEdges = Array.from({ length: n }, () => []);
    this.ord = new Int32Array(n);
    initialOrder.forEach((v, i) => {
      this.ord[v] = i;
    });
    this.mark = new Uint8Array(n);
    this.parent = new Int32Array(n);
  }

  /** Replace the maintained order by another topological order of the current edges. */
  resetOrder(order: readonly number[]): void {
    order.forEach((v, i) => {
      this.ord[v] = i;
    });
  }

  edge(from: number, to: number): IndexEdge | undefined {
    return this.edgeByKey.get(from * this.n + to);
  }

  /** Add an edge without checking the order (explicit edges, already known to be consistent). */
  addUnchecked(from: number, to: number, reason: EdgeReason): void {
    const existing = this.edge(from, to);
    if (existing !== undefined) {
      if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
      return;
    }
    const e: IndexEdge = { id: this.edges.length, from, to, reasons: [reason] };
    this.edgeByKey.set(from * this.n + to, e);
    this.edges.push(e);
    this.out[from]!.push(to);
    this.inn[to]!.push(from);
    this.outEdges[from]!.push(e);
    this.inEdges[to]!.push(e);
  }

  /** Add `from -> to` unless it would close a cycle. */
  add(from: number, to: number, reason: EdgeReason): AddEdgeResult {
    if (from === to) return { ok: false, path: [from] };
    const lower = this.ord[to]!;
    const upper = this.ord[from]!;
    if (this.edge(from, to) === undefined && lower < upper) {
      const forward = this.collect(to, upper, this.out, from);
      if (!Array.isArray(forward)) return { ok: false, path: forward.path };
      const backward = this.collect(from, lower, this.inn, -1) as number[];
      this.reorder(backward, forward);
    }
    this.addUnchecked(from, to, reason);
    return { ok: true };
  }

  /** Is there a path from `a` to `b` (a != b)? Only explores between their positions. */
  reaches(a: number, b: number): boolean {
    if (this.ord[a]! > this.ord[b]!) return false;
    return !Array.isArray(this.collect(a, this.ord[b]!, this.out, b));
  }

  /**
   * Nodes reachable from `start` along `adj` within the order window bounded by
   * `bound` (forward: ord <= bound; backward: ord >= bound). Returns the path
   * instead when `target` is reached.
   */
  private collect(
    start: number,
    bound: number,
    adj: number[][],
    target: number,
  ): number[] | { path: number[] } {
    const forward = adj === this.out;
    const seen: number[] = [start];
    const stack: number[] = [start];
    this.mark[start] = 1;
    this.parent[start] = -1;
    let found = false;
    while (stack.length > 0 && !found) {
      const v = stack.pop()!;
      for (const w of adj[v]!) {
        if (this.mark[w] === 1) continue;
        const o = this.ord[w]!;
        if (forward ? o > bound : o < bound) continue;
        this.mark[w] = 1;
        this.parent[w] = v;
        seen.push(w);
        if (w === target) {
          found = true;
          break;
        }
        stack.push(w);
      }
    }
    for (const v of seen) this.mark[v] = 0;
    if (!found) return seen;
    const path: number[] = [];
    for (let v = target; v !== -1; v = this.parent[v]!) path.push(v);
    return { path: path.reverse() };
  }

  /** Give the backward set the lowest of the freed positions, then the forward set, each in its old order. */
  private reorder(backward: number[], forward: number[]): void {
    const byOrd = (a: number, b: number): number => this.ord[a]! - this.ord[b]!;
    backward.sort(byOrd);
    forward.sort(byOrd);
    const moved = [...backward, ...forward];
    const slots = moved.map((v) => this.ord[v]!).sort((a, b) => a - b);
    moved.forEach((v, i) => {
      this.ord[v] = slots[i]!;
    });
  }
}
