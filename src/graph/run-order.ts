/**
 * The order weft starts ready tasks in: priority (P0 first), then the longest
 * remaining critical path (`bottomLevel`), then id. `weft plan` shows it and
 * the run-time scheduler sorts its ready queue with the same comparator.
 */
import { PRIORITIES, type Priority } from '../tasks/types.js';
import { graphIndex } from './graph-index.js';
import { Heap } from './heap.js';
import type { TaskGraph } from './types.js';

/** What the ordering looks at (the scheduler's task view has these fields). */
export interface RunOrderKey {
  readonly id: string;
  readonly priority: Priority;
  /** Remaining critical path, the task included. */
  readonly bottomLevel: number;
}

const PRIORITY_RANK = new Map<Priority, number>(PRIORITIES.map((p, i) => [p, i]));

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Natural order of ids: digit runs compare as numbers, so `step-2` < `step-10`
 * and `T9` < `T10`; other characters by code point. Ids that compare equal
 * that way (`T01`, `T1`) fall back to plain string order.
 */
export function compareIds(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (!isDigit(ca) || !isDigit(cb)) {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
      continue;
    }
    while (a.charCodeAt(i) === 48) i++;
    while (b.charCodeAt(j) === 48) j++;
    let ei = i;
    let ej = j;
    while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
    while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
    if (ei - i !== ej - j) return ei - i - (ej - j);
    for (; i < ei; i++, j++) {
      const d = a.charCodeAt(i) - b.charCodeAt(j);
      if (d !== 0) return d;
    }
  }
  return a.length - i - (b.length - j) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Negative when `a` should start before `b`. */
export function compareRunOrder(a: RunOrderKey, b: RunOrderKey): number {
  return (
    PRIORITY_RANK.get(a.priority)! - PRIORITY_RANK.get(b.priority)! ||
    b.bottomLevel - a.bottomLevel ||
    compareIds(a.id, b.id)
  );
}

/**
 * Pending tasks in the order one worker would start them: repeatedly the first,
 * by `compareRunOrder`, of the tasks whose pending dependencies have started.
 * A topological order of the pending tasks (done tasks are satisfied).
 */
export function runOrder(graph: TaskGraph): string[] {
  const ids = graphIndex(graph).nodes.map((node) => node.task.id);
  return runOrderIndices(graph).map((v) => ids[v]!);
}

/** `runOrder` as task indices (file positions). */
export function runOrderIndices(graph: TaskGraph): number[] {
  const { nodes, edges, done } = graphIndex(graph);
  const { from, to, innStart, innEdge, outStart, outEdge } = edges;
  const n = nodes.length;
  // compareRunOrder on typed arrays: the heap compares often.
  const ids = new Array<string>(n);
  const rank = new Int32Array(n);
  const bottom = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const node = nodes[v]!;
    ids[v] = node.task.id;
    rank[v] = PRIORITY_RANK.get(node.task.priority)!;
    bottom[v] = node.bottomLevel;
  }
  const waiting = new Int32Array(n);
  // Ids usually come in natural order in the file: then the file position breaks ties just as well.
  let idsInOrder = true;
  for (let v = 1; v < n && idsInOrder; v++) idsInOrder = compareIds(ids[v - 1]!, ids[v]!) < 0;
  const ready = new Heap<number>(
    idsInOrder
      ? (a, b) => rank[a]! - rank[b]! || bottom[b]! - bottom[a]! || a - b
      : (a, b) => rank[a]! - rank[b]! || bottom[b]! - bottom[a]! || compareIds(ids[a]!, ids[b]!),
  );
  for (let v = 0; v < n; v++) {
    if (done[v] === 1) continue;
    for (let k = innStart[v]!; k < innStart[v + 1]!; k++) if (done[from[innEdge[k]!]!] === 0) waiting[v]!++;
    if (waiting[v] === 0) ready.push(v);
  }
  const order: number[] = [];
  for (let v = ready.pop(); v !== undefined; v = ready.pop()) {
    order.push(v);
    for (let k = outStart[v]!; k < outStart[v + 1]!; k++) {
      const t = to[outEdge[k]!]!;
      if (done[t] === 0 && --waiting[t]! === 0) ready.push(t);
    }
  }
  return order;
}
