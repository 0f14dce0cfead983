/** Small helpers for task-file tests. */
import { parseTaskFile } from '../../../../src/tasks/parse.js';
import type { Task } from '../../../../src/tasks/types.js';

export function parse(text: string | string[]): ReturnType<typeof parseTaskFile> {
  return parseTaskFile(Array.isArray(text) ? text.join('\n') : text, 'tasks.md');
}

/** `line:column kind` for each diagnostic, for compact assertions. */
export function problems(text: string | string[]): string[] {
  return parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.kind}`);
}

export function task(text: string | string[], id: string): Task {
  const found = parse(text).taskFile.tasks.find((t) => t.id === id);
  if (found === undefined) throw new Error(`no task ${id}`);
  return found;
}

export function deps(t: Task): string[] {
  return t.dependsOn.map((d) => d.id);
}
