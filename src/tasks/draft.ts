/** A task while it is being read, and the ids and tags that start a heading or an item. */
import type { DiagnosticList } from './diagnostics.js';
import { isBlank, leadingSpace } from './lines.js';
import type { Priority, SourcePos, Task, TaskDependency, TaskFileRef } from './types.js';

/** Ids end up in branch names. */
export const VALID_ID = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** What a bare leading word must look like to be read as an id: `T001`, `T-1`, `step-3`, `auth_2.1`. */
const ID_SHAPE = /^[A-Za-z]+[-_.]?\d+(?:[-_.]\d+)*$/;

export interface TaskDraft {
  id: string;
  idPos: SourcePos;
  title: string;
  position: SourcePos;
  form: 'section' | 'checklist';
  done: boolean;
  parallel: boolean;
  priority?: Priority;
  dependsOn: TaskDependency[];
  files: TaskFileRef[];
  estimate?: number;
  agent?: string;
  timeoutMs?: number;
  verify?: string;
  scripts: string[];
  /** Instruction lines as written (Markdown kept). */
  prose: string[];
  /** Bit set of fields already given (see fieldBit), to report a second `Estimate:`. */
  seen: number;
}

/** Every field is present from the start so all drafts share one object shape (10,000-task files). */
export function newDraft(
  init: Pick<TaskDraft, 'id' | 'idPos' | 'title' | 'position' | 'form' | 'done' | 'parallel'>,
): TaskDraft {
  return {
    id: init.id,
    idPos: init.idPos,
    title: init.title,
    position: init.position,
    form: init.form,
    done: init.done,
    parallel: init.parallel,
    priority: undefined,
    dependsOn: [],
    files: [],
    estimate: undefined,
    agent: undefined,
    timeoutMs: undefined,
    verify: undefined,
    scripts: [],
    prose: [],
    seen: 0,
  };
}

export interface LeadingId {
  id: string;
  /** Offset of the id in the text. */
  offset: number;
  /** Offset where the title starts. */
  restOffset: number;
}

/**
 * Reads `T001: title`, `T001 — title`, `T001 - title` or `T001 title`. A word before an
 * explicit separator needs a digit to count as an id; a bare word needs the id shape, so
 * `Phase 1: Setup` and `Write docs` are not tasks.
 */
export function leadingId(text: string): LeadingId | undefined {
  const lead = leadingSpace(text);
  const taskWord = /^task[ \t]+/i.exec(text.slice(lead));
  if (taskWord !== null) {
    // `Task 3: title` is task-3; `Task T001: title` is T001.
    const rest = text.slice(lead + taskWord[0].length);
    const n = /^(\d+)(?:[ \t]*[:—–.][ \t]*|[ \t]+-[ \t]+)/.exec(rest);
    if (n !== null)
      return {
        id: `task-${Number(n[1])}`,
        offset: lead,
        restOffset: lead + taskWord[0].length + n[0].length,
      };
    const inner = leadingId(rest);
    if (inner !== undefined) {
      const shift = lead + taskWord[0].length;
      return { id: inner.id, offset: inner.offset + shift, restOffset: inner.restOffset + shift };
    }
  }
  const m = /^([^\s:—–[\]()]+)(?:([ \t]*[:—–][ \t]*|[ \t]+-[ \t]+)|[ \t]+|$)/.exec(text.slice(lead));
  if (m === null) return undefined;
  const word = m[1] as string;
  const explicit = m[2] !== undefined;
  if (explicit ? !/^[A-Za-z].*\d/.test(word) : !ID_SHAPE.test(word)) return undefined;
  return { id: word, offset: lead, restOffset: lead + m[0].length };
}

export interface Tag {
  /** `P`, `P1`, `P7`, … as written. */
  tag: string;
  offset: number;
}

/**
 * Takes `[P]` and `[P1]` tags out of a line, replacing them with spaces so every other
 * offset in the line still points at the same column.
 */
const NO_TAGS: Tag[] = [];

export function maskTags(text: string): { masked: string; tags: Tag[] } {
  if (!text.includes('[')) return { masked: text, tags: NO_TAGS };
  const tags: Tag[] = [];
  const masked = text.replace(/\[([Pp]\d*)\]/g, (whole, tag: string, offset: number) => {
    tags.push({ tag, offset });
    return ' '.repeat(whole.length);
  });
  return { masked, tags };
}

export function applyTags(
  tags: Tag[],
  at: (offset: number) => SourcePos,
  task: TaskDraft,
  diags: DiagnosticList,
  setPriority: (text: string, pos: SourcePos, task: TaskDraft, diags: DiagnosticList) => void,
): void {
  for (const t of tags) {
    if (t.tag.length === 1) task.parallel = true;
    else setPriority(t.tag, at(t.offset + 1), task, diags);
  }
}

/** Instruction text: the lines as written, without leading/trailing blank lines or runs of blanks. */
export function instructionsOf(prose: string[]): string {
  const out: string[] = [];
  let blank = true;
  for (const line of prose) {
    const isBlankLine = isBlank(line);
    if (isBlankLine && blank) continue;
    out.push(isBlankLine ? '' : line.trimEnd());
    blank = isBlankLine;
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

export function finishDraft(d: TaskDraft, instructions: string): Task {
  const task: Task = {
    id: d.id,
    title: d.title,
    priority: d.priority ?? 'P2',
    dependsOn: d.dependsOn,
    files: d.files,
    instructions,
    estimate: d.estimate ?? 1,
    done: d.done,
    position: d.position,
    form: d.form,
    parallel: d.parallel,
    idPosition: d.idPos,
  };
  if (d.agent !== undefined) task.agent = d.agent;
  if (d.timeoutMs !== undefined) task.timeoutMs = d.timeoutMs;
  if (d.verify !== undefined) task.verify = d.verify;
  if (d.scripts.length > 0) task.script = d.scripts.join('\n');
  return task;
}
