/**
 * Implicit dependencies from the files tasks declare. For each path: creators
 * run first (one after another, by priority then file order), then modifiers
 * and readers, and deleters last (one after another). Modifiers run one after
 * another in weft's priority-first order as far as their other dependencies
 * allow. Two tasks that create, modify or delete the same file produce a
 * warning. An implicit edge never closes a cycle: it is skipped with a warning.
 */
import type { Diagnostic } from '../errors.js';
import { type FileOp, PRIORITIES, type Task } from '../tasks/types.js';
import { Closure } from './closure.js';
import type { DynamicDag } from './dynamic-dag.js';
import { type FileUse, implicitCycleWarning, sameFileWarning, type WarningContext } from './file-warnings.js';
import { Heap } from './heap.js';
import type { EdgeReason } from './types.js';

/** When a task declares one path several times, the strongest operation decides its place. */
const OP_STRENGTH: Record<FileOp, number> = { create: 3, delete: 2, modify: 1, read: 0 };

/** Pending tasks' uses of each path (one per task), paths in order of first mention. */
export function fileUses(tasks: readonly Task[]): Map<string, FileUse[]> {
  const byPath = new Map<string, FileUse[]>();
  tasks.forEach((task, index) => {
    if (task.done) return;
    for (const ref of task.files) {
      let uses = byPath.get(ref.path);
      if (uses === undefined) {
        uses = [];
        byPath.set(ref.path, uses);
      }
      const last = uses[uses.length - 1];
      if (last?.task !== index) uses.push({ task: index, op: ref.op, position: ref.position });
      else if (OP_STRENGTH[ref.op] > OP_STRENGTH[last.op])
        Object.assign(last, { op: ref.op, position: ref.position });
    }
  });
  return byPath;
}

export interface FileDependencies {
  warnings: Diagnostic[];
  /** Distinct paths the pending tasks declare. */
  paths: number;
}

export function addFileDependencies(file: string, tasks: readonly Task[], dag: DynamicDag): FileDependencies {
  const warnings: Diagnostic[] = [];
  const rank = Int32Array.from(tasks, (t) => PRIORITIES.indexOf(t.priority));
  const byPriorityThenFile = (a: FileUse, b: FileUse): number =>
    rank[a.task]! - rank[b.task]! || a.task - b.task;
  const ctx: WarningContext = { file, tasks, rank };

  // One warning per path and operation, unless the user ordered every consecutive pair directly.
  const warnSameOp = (ordered: readonly FileUse[], path: string): void => {
    const chosenByWeft = ordered.some(
      (b, i) =>
        i > 0 &&
        !writtenEdge(dag, ordered[i - 1]!.task, b.task) &&
        !writtenEdge(dag, b.task, ordered[i - 1]!.task),
    );
    if (chosenByWeft) warnings.push(sameFileWarning(ctx, path, ordered));
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
  const modifiersByPath: [string, FileUse[]][] = [];
  const byPath = fileUses(tasks);
  for (const [path, uses] of byPath) {
    if (uses.length < 2) continue;
    const reason: EdgeReason = `file:${path}`;
    const ofOp = (op: FileOp): FileUse[] => uses.filter((u) => u.op === op).sort(byPriorityThenFile);
    const creators = chain(ofOp('create'), dag, reason);
    const deleters = chain(ofOp('delete'), dag, reason);
    const middle = uses.filter((u) => u.op === 'modify' || u.op === 'read');
    warnSameOp(creators, path);
    warnSameOp(deleters, path);

    const tryAdd = (before: FileUse, after: FileUse): void => {
      const cycle = addUnlessCycle(before.task, after.task, reason);
      if (cycle !== undefined) warnings.push(implicitCycleWarning(ctx, path, before, after, cycle));
    };
    const lastCreator = creators[creators.length - 1];
    const firstDeleter = deleters[0];
    for (const use of middle) {
      if (lastCreator !== undefined) tryAdd(lastCreator, use);
      if (firstDeleter !== undefined) tryAdd(use, firstDeleter);
    }
    if (lastCreator !== undefined && firstDeleter !== undefined) tryAdd(lastCreator, firstDeleter);
    const modifiers = middle.filter((u) => u.op === 'modify');
    if (modifiers.length > 1) modifiersByPath.push([path, modifiers]);
  }

  // 2. Modifiers of a path run one after another, in a priority-first topological order of the
  // graph so far. Every such edge goes forward in that order, so none can close a cycle, and
  // no reachability search is needed (a search per pair was quadratic on large dense files).
  const order = priorityFirstOrder(dag, rank);
  dag.resetOrder(order);
  const position = new Int32Array(tasks.length);
  order.forEach((v, i) => {
    position[v] = i;
  });
  for (const [path, modifiers] of modifiersByPath) {
    modifiers.sort((a, b) => position[a.task]! - position[b.task]!);
    for (let i = 1; i < modifiers.length; i++) {
      dag.addUnchecked(modifiers[i - 1]!.task, modifiers[i]!.task, `file:${path}`);
    }
    warnSameOp(modifiers, path);
  }
  return { warnings, paths: byPath.size };
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
  const waiting = Int32Array.from(dag.inn, (deps) => deps.length);
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
 * Order `uses` one after another, in the given order where the graph allows;
 * a use that existing dependencies already place earlier is inserted before
 * the first chain member it reaches, so the chain stays a total order.
 */
function chain(uses: readonly FileUse[], dag: DynamicDag, reason: EdgeReason): FileUse[] {
  const ordered: FileUse[] = [];
  for (const use of uses) {
    const tail = ordered[ordered.length - 1];
    if (tail === undefined || dag.add(tail.task, use.task, reason).ok) {
      ordered.push(use);
      continue;
    }
    let lo = 0;
    let hi = ordered.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dag.reaches(use.task, ordered[mid]!.task)) hi = mid;
      else lo = mid + 1;
    }
    const before = ordered[lo - 1];
    // Cannot close a cycle: by the search, `use` does not reach `before`.
    if (before !== undefined) dag.add(before.task, use.task, reason);
    ordered.splice(lo, 0, use);
  }
  return ordered;
}
