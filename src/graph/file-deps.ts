/**
 * Implicit dependencies from the files tasks declare. For each path:
 * creators run first, then modifiers (one after another), readers after the
 * last creator, deleters after every reader and writer. Tasks that write the
 * same file are chained by priority, then file order, and produce a warning.
 * An implicit edge never closes a cycle: it is skipped with a warning instead.
 */
import type { Diagnostic } from '../errors.js';
import { type FileOp, PRIORITIES, type SourcePos, type Task } from '../tasks/types.js';
import type { DynamicDag } from './dynamic-dag.js';
import type { EdgeReason } from './types.js';

interface FileUse {
  task: number;
  op: FileOp;
  position: SourcePos;
}

/** When a task declares one path several times, the strongest operation decides its place. */
const OP_STRENGTH: Record<FileOp, number> = { create: 3, delete: 2, modify: 1, read: 0 };
const OP_VERB: Record<FileOp, string> = {
  create: 'creates',
  modify: 'modifies',
  read: 'reads',
  delete: 'deletes',
};

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

export function addFileDependencies(file: string, tasks: readonly Task[], dag: DynamicDag): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const rank = (u: FileUse): number => PRIORITIES.indexOf(tasks[u.task]!.priority);
  const byPriorityThenFile = (a: FileUse, b: FileUse): number => rank(a) - rank(b) || a.task - b.task;
  const where = (u: FileUse): string => `${file}:${u.position.line}:${u.position.column}`;
  const id = (u: FileUse): string => tasks[u.task]!.id;

  for (const [path, uses] of fileUses(tasks)) {
    if (uses.length < 2) continue;
    const reason: EdgeReason = `file:${path}`;
    const ofOp = (op: FileOp): FileUse[] => uses.filter((u) => u.op === op).sort(byPriorityThenFile);
    const writers = chain([...ofOp('create'), ...ofOp('modify')], dag, reason);
    const deleters = chain(ofOp('delete'), dag, reason);
    const readers = ofOp('read');

    const tryAdd = (before: FileUse, after: FileUse): void => {
      const result = dag.add(before.task, after.task, reason);
      if (result.ok) return;
      const dependsChain = result.path.map((v) => tasks[v]!.id).reverse();
      warnings.push({
        file,
        ...after.position,
        kind: 'implicit-cycle',
        message:
          `${id(after)} ${OP_VERB[after.op]} ${path}, which ${id(before)} ${OP_VERB[before.op]}, but ${id(before)} ` +
          `already depends on ${id(after)} (${dependsChain.join(' -> ')}); that file order is not applied`,
      });
    };
    const lastCreator = writers.filter((u) => u.op === 'create').pop();
    const firstDeleter = deleters[0];
    for (const reader of readers) {
      if (lastCreator !== undefined) tryAdd(lastCreator, reader);
      if (firstDeleter !== undefined) tryAdd(reader, firstDeleter);
    }
    const lastWriter = writers[writers.length - 1];
    if (lastWriter !== undefined && firstDeleter !== undefined) tryAdd(lastWriter, firstDeleter);

    for (const op of ['create', 'modify', 'delete'] as const) {
      const same = (op === 'delete' ? deleters : writers).filter((u) => u.op === op);
      for (let i = 1; i < same.length; i++) {
        const [a, b] = [same[i - 1]!, same[i]!];
        if (writtenEdge(dag, a.task, b.task) || writtenEdge(dag, b.task, a.task)) continue;
        const why =
          byPriorityThenFile(a, b) > 0
            ? 'as their dependencies require'
            : rank(a) !== rank(b)
              ? `${tasks[a.task]!.priority} before ${tasks[b.task]!.priority}`
              : 'same priority, earlier in the file';
        warnings.push({
          file,
          ...b.position,
          kind: 'same-file',
          message: `${id(a)} and ${id(b)} both ${op} ${path} (${where(a)} and ${where(b)}); ${id(a)} runs first (${why})`,
        });
      }
    }
  }
  return warnings;
}

/** The user ordered the two tasks directly (a Depends entry or checklist order). */
function writtenEdge(dag: DynamicDag, from: number, to: number): boolean {
  const reasons = dag.edge(from, to)?.reasons ?? [];
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
