/**
 * Implicit dependencies from the files tasks declare. For each path: creators
 * run first (one after another, by priority then file order), then modifiers
 * and readers, and deleters last (one after another). Modifiers run one after
 * another in weft's priority-first order as far as their other dependencies
 * allow. Two tasks that create, modify or delete the same file produce a
 * warning. An implicit edge never closes a cycle: it is skipped with a warning.
 */
import type { Diagnostic } from '../errors.js';
import { type FileOp, PRIORITIES, type Task, type TaskFileRef } from '../tasks/types.js';
import { Closure } from './closure.js';
import type { DynamicDag } from './dynamic-dag.js';
import { type FileUse, implicitCycleWarning, sameFileWarning, type WarningContext } from './file-warnings.js';
import { Heap } from './heap.js';
import type { EdgeReason } from './types.js';

/** When a task declares one path several times, the strongest operation decides its place. */
const OP_STRENGTH: Record<FileOp, number> = { create: 3, delete: 2, modify: 1, read: 0 };

/**
 * Pending tasks' uses of each path, one per task, as flat arrays (20,000 uses
 * in a 10,000-task file cost no object each): path p's uses are the slots
 * start[p] … start[p + 1] - 1, in file order of their task; paths in order of
 * first mention.
 */
export interface PathUses {
  paths: string[];
  start: Int32Array;
  task: Int32Array;
  ref: TaskFileRef[];
}

export function pathUses(tasks: readonly Task[]): PathUses {
  const idOf = new Map<string, number>();
  const paths: string[] = [];
  const counts: number[] = [];
  const lastTask: number[] = [];
  // Each declared path's number, in declaration order, so the second pass needs no lookup.
  const declared: number[] = [];
  // First pass: number the paths and count one use per task and path.
  for (let t = 0; t < tasks.length; t++) {
    const task = tasks[t]!;
    if (task.done) continue;
    for (const ref of task.files) {
      let p = idOf.get(ref.path);
      if (p === undefined) {
        p = paths.length;
        idOf.set(ref.path, p);
        paths.push(ref.path);
        counts.push(0);
        lastTask.push(-1);
      }
      declared.push(p);
      if (lastTask[p] === t) continue;
      lastTask[p] = t;
      counts[p]!++;
    }
  }
  const start = new Int32Array(paths.length + 1);
  for (let p = 0; p < paths.length; p++) start[p + 1] = start[p]! + counts[p]!;
  const fill = start.slice(0, paths.length);
  const task = new Int32Array(start[paths.length]!);
  const ref = new Array<TaskFileRef>(task.length);
  lastTask.fill(-1);
  let next = 0;
  for (let t = 0; t < tasks.length; t++) {
    const current = tasks[t]!;
    if (current.done) continue;
    for (const r of current.files) {
      const p = declared[next++]!;
      if (lastTask[p] === t) {
        const slot = fill[p]! - 1;
        if (OP_STRENGTH[r.op] > OP_STRENGTH[ref[slot]!.op]) ref[slot] = r;
        continue;
      }
      lastTask[p] = t;
      const slot = fill[p]!++;
      task[slot] = t;
      ref[slot] = r;
    }
  }
  return { paths, start, task, ref };
}

export interface FileDependencies {
  warnings: Diagnostic[];
  /** Distinct paths the pending tasks declare. */
  paths: number;
}

export function addFileDependencies(file: string, tasks: readonly Task[], dag: DynamicDag): FileDependencies {
  const warnings: Diagnostic[] = [];
  const rank = new Int32Array(tasks.length);
  for (let t = 0; t < tasks.length; t++) rank[t] = PRIORITIES.indexOf(tasks[t]!.priority);
  const uses = pathUses(tasks);
  const { start, task: taskOf, ref } = uses;
  const use = (slot: number): FileUse => ({
    task: taskOf[slot]!,
    op: ref[slot]!.op,
    position: ref[slot]!.position,
  });
  const byPriorityThenFile = (a: number, b: number): number =>
    rank[taskOf[a]!]! - rank[taskOf[b]!]! || taskOf[a]! - taskOf[b]!;
  const ctx: WarningContext = { file, tasks, rank };

  // One warning per path and operation, unless the user ordered every consecutive pair directly.
  const warnSameOp = (ordered: readonly number[], path: string): void => {
    for (let i = 1; i < ordered.length; i++) {
      const [a, b] = [taskOf[ordered[i - 1]!]!, taskOf[ordered[i]!]!];
      if (!writtenEdge(dag, a, b) && !writtenEdge(dag, b, a)) {
        warnings.push(sameFileWarning(ctx, path, ordered.map(use)));
        return;
      }
    }
  };

  // An edge against the maintained order may close a cycle. Most that do contradict paths that
  // already exist, which the closure answers in O(1); the others are found by the DAG's search.
  let closure: Closure | undefined;
  const addUnlessCycle = (from: number, to: number, reason: EdgeReason): number[] | undefined => {
    if (dag.ord[from]! > dag.ord[to]! && tasks.length <= Closure.MAX_TASKS) {
      closure ??= new Closure(dag.out, dag.to, topologicalOrder(dag));
      if (closure.reaches(to, from)) return closure.path(to, from);
    }
    const result = dag.add(from, to, reason);
    return result.ok ? undefined : result.path;
  };

  // 1. Creators first and deleters last: each edge is checked, and skipped with a warning if it would close a cycle.
  const modifiersByPath: [string, EdgeReason, number[]][] = [];
  const creators: number[] = [];
  const deleters: number[] = [];
  const middle: number[] = [];
  for (let p = 0; p < uses.paths.length; p++) {
    if (start[p + 1]! - start[p]! < 2) continue;
    const path = uses.paths[p]!;
    const reason: EdgeReason = `file:${path}`;
    creators.length = 0;
    deleters.length = 0;
    middle.length = 0;
    let modifiers = 0;
    for (let slot = start[p]!; slot < start[p + 1]!; slot++) {
      const op = ref[slot]!.op;
      if (op === 'create') creators.push(slot);
      else if (op === 'delete') deleters.push(slot);
      else {
        middle.push(slot);
        if (op === 'modify') modifiers++;
      }
    }
    // Most paths have one creator and no deleter: a sort of so few would only allocate.
    if (creators.length > 1) creators.sort(byPriorityThenFile);
    if (deleters.length > 1) deleters.sort(byPriorityThenFile);
    const createChain = chain(creators, taskOf, dag, reason);
    const deleteChain = chain(deleters, taskOf, dag, reason);
    warnSameOp(createChain, path);
    warnSameOp(deleteChain, path);

    const tryAdd = (before: number, after: number): void => {
      const cycle = addUnlessCycle(taskOf[before]!, taskOf[after]!, reason);
      if (cycle !== undefined) warnings.push(implicitCycleWarning(ctx, path, use(before), use(after), cycle));
    };
    const lastCreator = createChain[createChain.length - 1];
    const firstDeleter = deleteChain[0];
    for (const slot of middle) {
      if (lastCreator !== undefined) tryAdd(lastCreator, slot);
      if (firstDeleter !== undefined) tryAdd(slot, firstDeleter);
    }
    if (lastCreator !== undefined && firstDeleter !== undefined) tryAdd(lastCreator, firstDeleter);
    if (modifiers > 1)
      modifiersByPath.push([path, reason, middle.filter((slot) => ref[slot]!.op === 'modify')]);
  }

  // 2. Modifiers of a path run one after another, in a priority-first topological order of the
  // graph so far. Every such edge goes forward in that order, so none can close a cycle, and
  // no reachability search is needed (a search per pair was quadratic on large dense files).
  const order = priorityFirstOrder(dag, rank);
  dag.resetOrder(order);
  const position = new Int32Array(tasks.length);
  for (let i = 0; i < order.length; i++) position[order[i]!] = i;
  for (const [path, reason, modifiers] of modifiersByPath) {
    modifiers.sort((a, b) => position[taskOf[a]!]! - position[taskOf[b]!]!);
    for (let i = 1; i < modifiers.length; i++) {
      dag.addUnchecked(taskOf[modifiers[i - 1]!]!, taskOf[modifiers[i]!]!, reason);
    }
    warnSameOp(modifiers, path);
  }
  return { warnings, paths: uses.paths.length };
}

function topologicalOrder(dag: DynamicDag): number[] {
  const order = new Array<number>(dag.n);
  for (let v = 0; v < dag.n; v++) order[dag.ord[v]!] = v;
  return order;
}

/**
 * Kahn's algorithm taking, among the tasks whose dependencies are placed, the
 * one with the best priority, then the earliest in the file. The heap holds
 * `rank · n + index`, so comparing two entries is one subtraction.
 */
function priorityFirstOrder(dag: DynamicDag, rank: Int32Array): number[] {
  const n = dag.n;
  const waiting = new Int32Array(n);
  for (let v = 0; v < n; v++) waiting[v] = dag.inn[v]!.length;
  const ready = new Heap<number>((a, b) => a - b);
  for (let v = 0; v < n; v++) if (waiting[v] === 0) ready.push(rank[v]! * n + v);
  const order: number[] = [];
  for (let key = ready.pop(); key !== undefined; key = ready.pop()) {
    const v = key % n;
    order.push(v);
    for (const e of dag.out[v]!) {
      const to = dag.to[e]!;
      if (--waiting[to]! === 0) ready.push(rank[to]! * n + to);
    }
  }
  return order;
}

/** The user ordered the two tasks directly (a Depends entry or checklist order). */
function writtenEdge(dag: DynamicDag, from: number, to: number): boolean {
  const e = dag.edge(from, to);
  if (e === -1) return false;
  const reasons = dag.reasons[e]!;
  return reasons.includes('explicit') || reasons.includes('checklist');
}

/**
 * Order the uses in `slots` (of tasks `taskOf[slot]`) one after another, in the
 * given order where the graph allows; a use that existing dependencies already
 * place earlier is inserted before the first chain member it reaches, so the
 * chain stays a total order.
 */
function chain(slots: readonly number[], taskOf: Int32Array, dag: DynamicDag, reason: EdgeReason): number[] {
  const ordered: number[] = [];
  for (const slot of slots) {
    const task = taskOf[slot]!;
    const tail = ordered[ordered.length - 1];
    if (tail === undefined || dag.add(taskOf[tail]!, task, reason).ok) {
      ordered.push(slot);
      continue;
    }
    let lo = 0;
    let hi = ordered.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dag.reaches(task, taskOf[ordered[mid]!]!)) hi = mid;
      else lo = mid + 1;
    }
    const before = ordered[lo - 1];
    // Cannot close a cycle: by the search, `task` does not reach `before`.
    if (before !== undefined) dag.add(taskOf[before]!, task, reason);
    ordered.splice(lo, 0, slot);
  }
  return ordered;
}
