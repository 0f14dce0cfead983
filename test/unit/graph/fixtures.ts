/** Build `TaskFile`s in memory for graph tests (the parser has its own tests). */
import type { FileOp, Priority, Task, TaskFile } from '../../../src/tasks/types.js';

export interface TaskSpec {
  id: string;
  deps?: string[];
  priority?: Priority;
  estimate?: number;
  done?: boolean;
  /** `create:src/a.ts`, `modify:src/a.ts`, … */
  files?: string[];
}

/** Task i sits at line 10·(i+1); its Depends entries on the next line, its files after that. */
export function task(spec: TaskSpec, i: number): Task {
  const line = 10 * (i + 1);
  return {
    id: spec.id,
    title: `Task ${spec.id}`,
    priority: spec.priority ?? 'P2',
    dependsOn: (spec.deps ?? []).map((id, k) => ({ id, position: { line: line + 1, column: 10 + 6 * k } })),
    files: (spec.files ?? []).map((f, k) => {
      const [op, path] = f.split(':') as [FileOp, string];
      return { op, path, position: { line: line + 2 + k, column: 3 } };
    }),
    instructions: `Do ${spec.id}.`,
    estimate: spec.estimate ?? 1,
    done: spec.done ?? false,
    position: { line, column: 1 },
  };
}

export function taskFile(specs: TaskSpec[], path = 'tasks.md'): TaskFile {
  return { path, settings: {}, tasks: specs.map(task) };
}
