/** The warnings that implicit file dependencies produce, worded for the person who wrote the file. */
import type { Diagnostic } from '../errors.js';
import type { FileOp, SourcePos, Task } from '../tasks/types.js';

export interface FileUse {
  task: number;
  op: FileOp;
  position: SourcePos;
}

const OP_VERB: Record<FileOp, string> = {
  create: 'creates',
  modify: 'modifies',
  read: 'reads',
  delete: 'deletes',
};

export interface WarningContext {
  file: string;
  tasks: readonly Task[];
  /** Priority rank per task (0 = P0). */
  rank: Int32Array;
}

function where(ctx: WarningContext, u: FileUse): string {
  return `${ctx.file}:${u.position.line}:${u.position.column}`;
}

/**
 * `T002 and T005 both modify src/app.ts (tasks.md:12:3 and tasks.md:30:3); T002 runs first (P1 before P2)`,
 * or for three and more, the list in the order weft chose. Located at the second task's use.
 */
export function sameFileWarning(ctx: WarningContext, path: string, ordered: readonly FileUse[]): Diagnostic {
  const id = (u: FileUse): string => ctx.tasks[u.task]!.id;
  const [a, b] = [ordered[0]!, ordered[1]!];
  let message: string;
  if (ordered.length === 2) {
    const [ra, rb] = [ctx.rank[a.task]!, ctx.rank[b.task]!];
    const why =
      ra > rb || (ra === rb && a.task > b.task)
        ? 'its dependencies let it start earlier'
        : ra !== rb
          ? `${ctx.tasks[a.task]!.priority} before ${ctx.tasks[b.task]!.priority}`
          : 'same priority, earlier in the file';
    message =
      `${id(a)} and ${id(b)} both ${b.op} ${path} (${where(ctx, a)} and ${where(ctx, b)}); ` +
      `${id(a)} runs first (${why})`;
  } else {
    const names = `${ordered.slice(0, -1).map(id).join(', ')} and ${id(ordered[ordered.length - 1]!)}`;
    message =
      `${names} all ${b.op} ${path} (${ordered.map((u) => where(ctx, u)).join(', ')}); they run one after ` +
      'another in that order (priority first, then file order, as far as their dependencies allow)';
  }
  return { file: ctx.file, ...b.position, kind: 'same-file', message };
}

/**
 * `R reads x.ts, which C creates, but C already depends on R (C -> M -> R); that file order is not applied`.
 * `cycle` runs from `after` to `before` along existing edges. Located at `after`'s use.
 */
export function implicitCycleWarning(
  ctx: WarningContext,
  path: string,
  before: FileUse,
  after: FileUse,
  cycle: readonly number[],
): Diagnostic {
  const id = (u: FileUse): string => ctx.tasks[u.task]!.id;
  const dependsChain = cycle.map((v) => ctx.tasks[v]!.id).reverse();
  return {
    file: ctx.file,
    ...after.position,
    kind: 'implicit-cycle',
    message:
      `${id(after)} ${OP_VERB[after.op]} ${path}, which ${id(before)} ${OP_VERB[before.op]}, but ${id(before)} ` +
      `already depends on ${id(after)} (${dependsChain.join(' -> ')}); that file order is not applied`,
  };
}
