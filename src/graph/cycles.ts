/** Strongly connected components and the cycle diagnostics built from them. */
import type { Diagnostic } from '../errors.js';
import type { Task } from '../tasks/types.js';

export interface Components {
  /**
   * Every index once, component by component, each component after every
   * component it reaches: with the edges from v leading to what v depends on, a topological
   * order of the components (dependencies first).
   */
  order: number[];
  /** The components of two or more members (the cycles' homes), members sorted by index. */
  tangles: number[][];
}

/**
 * Tarjan's algorithm, iterative so a 10,000-task chain cannot overflow the stack.
 * `lists[v]` holds the ids of the edges from v and `target[e]` is where edge e
 * leads (for the dependency graph: the edges into each task, and their sources).
 */
export function stronglyConnectedComponents(
  lists: readonly (readonly number[])[],
  target: ArrayLike<number>,
): Components {
  const n = lists.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const nextEdge = new Int32Array(n);
  const stack: number[] = [];
  const calls: number[] = [];
  const order: number[] = [];
  const tangles: number[][] = [];
  let counter = 0;
  const visit = (v: number): void => {
    index[v] = counter;
    low[v] = counter;
    counter++;
    stack.push(v);
    onStack[v] = 1;
    calls.push(v);
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    visit(root);
    while (calls.length > 0) {
      const v = calls[calls.length - 1]!;
      const edges = lists[v]!;
      if (nextEdge[v]! < edges.length) {
        const w = target[edges[nextEdge[v]!]!]!;
        nextEdge[v]!++;
        if (index[w] === -1) visit(w);
        else if (onStack[w] === 1) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      calls.pop();
      const caller = calls[calls.length - 1];
      if (caller !== undefined) low[caller] = Math.min(low[caller]!, low[v]!);
      if (low[v] !== index[v]) continue;
      const start = order.length;
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        order.push(w);
      } while (w !== v);
      if (order.length - start > 1) tangles.push(order.slice(start).sort((a, b) => a - b));
    }
  }
  return { order, tangles };
}

/** Bound the work on a huge tangle; the first cycles are what the user needs to fix first. */
const MAX_CYCLES_PER_COMPONENT = 20;

/**
 * Cycles inside one component, as index lists whose first and last element are
 * equal and where each element depends on the next. The first cycle is the
 * shortest one through the component's first task in file order; further ones
 * start at tasks no earlier cycle went through, so each reported cycle is new.
 */
export function cyclesInComponent(
  component: readonly number[],
  lists: readonly (readonly number[])[],
  target: ArrayLike<number>,
): number[][] {
  const members = new Set(component);
  const covered = new Set<number>();
  const cycles: number[][] = [];
  for (const start of component) {
    if (covered.has(start) || cycles.length >= MAX_CYCLES_PER_COMPONENT) continue;
    const cycle = shortestCycleThrough(start, members, lists, target);
    if (cycle === undefined) continue;
    for (const v of cycle) covered.add(v);
    cycles.push(cycle);
  }
  return cycles;
}

function shortestCycleThrough(
  start: number,
  members: ReadonlySet<number>,
  lists: readonly (readonly number[])[],
  target: ArrayLike<number>,
): number[] | undefined {
  const parent = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const e of lists[v]!) {
      const w = target[e]!;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== -1; u = parent.get(u)!) path.push(u);
        return path.reverse();
      }
      if (!members.has(w) || parent.has(w)) continue;
      parent.set(w, v);
      queue.push(w);
    }
  }
  return undefined;
}

/**
 * `dependency cycle T003 -> T005 -> T003: T003 depends on T005 (here), T005 depends on T003 (line 14)`,
 * located at the first task's Depends entry that starts the cycle.
 */
export function cycleDiagnostic(file: string, cycle: readonly number[], tasks: readonly Task[]): Diagnostic {
  const ids = cycle.map((v) => tasks[v]!.id);
  const steps: string[] = [];
  let first = tasks[cycle[0]!]!.position;
  for (let i = 0; i + 1 < cycle.length; i++) {
    const task = tasks[cycle[i]!]!;
    const next = ids[i + 1]!;
    const entry = task.dependsOn.find((d) => d.id === next);
    const at = entry?.position ?? task.position;
    if (i === 0) first = at;
    const where = i === 0 ? 'here' : `line ${at.line}`;
    steps.push(
      entry?.implicit
        ? `${task.id} follows ${next} in its checklist (${where})`
        : `${task.id} depends on ${next} (${where})`,
    );
  }
  return {
    file,
    line: first.line,
    column: first.column,
    kind: 'cycle',
    message: `dependency cycle ${ids.join(' -> ')}: ${steps.join(', ')}`,
  };
}
