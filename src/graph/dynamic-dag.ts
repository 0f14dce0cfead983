/**
 * A DAG over task indices that keeps a topological order while edges are added
 * (Pearce & Kelly's dynamic topological sort). An edge that agrees with the
 * current order costs O(1); one that disagrees reorders only the affected
 * region, and one that would close a cycle is refused with the path that
 * already runs the other way. This keeps implicit-edge insertion near O(V+E).
 *
 * Edges are numbers: `out[v]` and `inn[v]` list edge ids, and `from`, `to` and
 * `reasons` describe each id. Tens of thousands of edges then cost no object
 * each, which matters for a 10,000-task plan's time and garbage collection.
 */
import type { EdgeReason } from './types.js';

export type AddEdgeResult =
  | { ok: true }
  /** `path` runs from `to` to `from` along existing edges: adding the edge would close it into a cycle. */
  | { ok: false; path: number[] };

export class DynamicDag {
  readonly n: number;
  /** out[v]: ids of the edges to the tasks that run after v. */
  readonly out: number[][];
  /** inn[v]: ids of the edges from the tasks v waits for. */
  readonly inn: number[][];
  /** from[e] runs before to[e]. */
  readonly from: number[] = [];
  readonly to: number[] = [];
  /**
   * Why each edge exists. Edges with a single reason share one frozen array per
   * reason (a handful of reasons for tens of thousands of edges); a second
   * reason replaces it with an array of the edge's own.
   */
  readonly reasons: (readonly EdgeReason[])[] = [];
  /** ord[v]: v's position in the current topological order. */
  readonly ord: Int32Array;
  private readonly mark: Uint8Array;
  private readonly parent: Int32Array;
  private readonly single = new Map<EdgeReason, readonly EdgeReason[]>();

  /**
   * `initialOrder` lists every index once (or none, for a `resetOrder` to come); edges added
   * unchecked must agree with the order when it is used.
   */
  constructor(n: number, initialOrder: readonly number[]) {
    this.n = n;
    this.out = Array.from({ length: n }, () => []);
    this.inn = Array.from({ length: n }, () => []);
    this.ord = new Int32Array(n);
    this.resetOrder(initialOrder);
    this.mark = new Uint8Array(n);
    this.parent = new Int32Array(n);
  }

  get edgeCount(): number {
    return this.from.length;
  }

  /** Replace the maintained order by another topological order of the current edges. */
  resetOrder(order: readonly number[]): void {
    for (let i = 0; i < order.length; i++) this.ord[order[i]!] = i;
  }

  /** The id of the edge `from -> to`, or -1, found by scanning the shorter of the two adjacency lists. */
  edge(from: number, to: number): number {
    const outs = this.out[from]!;
    const ins = this.inn[to]!;
    if (outs.length <= ins.length) {
      for (const e of outs) if (this.to[e] === to) return e;
    } else {
      for (const e of ins) if (this.from[e] === from) return e;
    }
    return -1;
  }

  /**
   * Add an edge without checking the order (explicit edges, already known to be
   * consistent). `isNew` skips the duplicate check when the caller knows.
   */
  addUnchecked(from: number, to: number, reason: EdgeReason, isNew = false): void {
    const existing = isNew ? -1 : this.edge(from, to);
    if (existing !== -1) {
      const reasons = this.reasons[existing]!;
      if (!reasons.includes(reason)) this.reasons[existing] = [...reasons, reason];
      return;
    }
    const e = this.from.length;
    this.from.push(from);
    this.to.push(to);
    this.reasons.push(this.singleReason(reason));
    this.out[from]!.push(e);
    this.inn[to]!.push(e);
  }

  /** Make `reason` edge e's only reason. */
  setReason(e: number, reason: EdgeReason): void {
    this.reasons[e] = this.singleReason(reason);
  }

  private singleReason(reason: EdgeReason): readonly EdgeReason[] {
    let reasons = this.single.get(reason);
    if (reasons === undefined) {
      reasons = Object.freeze([reason]);
      this.single.set(reason, reasons);
    }
    return reasons;
  }

  /** Add `from -> to` unless it would close a cycle. */
  add(from: number, to: number, reason: EdgeReason): AddEdgeResult {
    if (from === to) return { ok: false, path: [from] };
    const lower = this.ord[to]!;
    const upper = this.ord[from]!;
    if (lower < upper && this.edge(from, to) === -1) {
      const forward = this.collect(to, upper, true, from);
      if (!Array.isArray(forward)) return { ok: false, path: forward.path };
      const backward = this.collect(from, lower, false, -1) as number[];
      this.reorder(backward, forward);
    }
    this.addUnchecked(from, to, reason);
    return { ok: true };
  }

  /** Is there a path from `a` to `b` (a != b)? Only explores between their positions. */
  reaches(a: number, b: number): boolean {
    if (this.ord[a]! > this.ord[b]!) return false;
    return !Array.isArray(this.collect(a, this.ord[b]!, true, b));
  }

  /**
   * Nodes reachable from `start` (forward along `out`, else backward along
   * `inn`) within the order window bounded by `bound` (forward: ord <= bound;
   * backward: ord >= bound). Returns the path instead when `target` is reached.
   */
  private collect(
    start: number,
    bound: number,
    forward: boolean,
    target: number,
  ): number[] | { path: number[] } {
    const seen: number[] = [start];
    const stack: number[] = [start];
    const ends = forward ? this.to : this.from;
    this.mark[start] = 1;
    this.parent[start] = -1;
    let found = false;
    while (stack.length > 0 && !found) {
      const v = stack.pop()!;
      for (const e of forward ? this.out[v]! : this.inn[v]!) {
        const w = ends[e]!;
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
