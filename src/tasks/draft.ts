/** A task while it is being read, and the Task it becomes. */
import { isAsciiLetter, isDigit } from './chars.js';
import { isBlank } from './lines.js';
import type { Priority, SourcePos, Task, TaskDependency, TaskFileRef } from './types.js';

/** `^[A-Za-z][A-Za-z0-9_.-]{0,63}$`: ids end up in branch names. */
export function isValidId(id: string): boolean {
  if (id.length === 0 || id.length > 64 || !isAsciiLetter(id.charCodeAt(0))) return false;
  for (let i = 1; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!isAsciiLetter(c) && !isDigit(c) && c !== 95 && c !== 46 && c !== 45) return false;
  }
  return true;
}

/**
 * Instruction text, built as the lines arrive: the lines as written, without leading or
 * trailing blank lines or runs of blanks. Most tasks have one paragraph, which then
 * costs no new string at all.
 */
export class InstructionText {
  private text = '';
  /** Empty lines kept after the last non-empty one: they count only if text follows. */
  private emptyRun = 0;
  /** The last kept line was blank (leading blanks are not kept). */
  private blank = true;

  add(line: string): void {
    const isBlankLine = isBlank(line);
    if (isBlankLine && this.blank) return;
    this.blank = isBlankLine;
    // A line of other whitespace is not blank, but trims to an empty line all the same.
    const kept = isBlankLine ? '' : line.trimEnd();
    if (kept === '') {
      this.emptyRun++;
      return;
    }
    const breaks = this.emptyRun === 0 ? '\n' : '\n'.repeat(this.emptyRun + 1);
    this.text = this.text === '' ? breaks.slice(1) + kept : this.text + breaks + kept;
    this.emptyRun = 0;
  }

  toString(): string {
    return this.text;
  }
}

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
  /** The bodies of the task's shell blocks, joined by newlines. */
  script?: string;
  /** Instruction lines as written (Markdown kept). */
  prose: InstructionText;
  /** Bit set of fields already given (see fieldBit), to report a second `Estimate:`. */
  seen: number;
  /** How many of dependsOn are known good (see DraftList.settle). */
  settledDeps: number;
}

/** Every field is present from the start so all drafts share one object shape (10,000-task files). */
export function newDraft(
  id: string,
  idPos: SourcePos,
  title: string,
  position: SourcePos,
  form: TaskDraft['form'],
  done: boolean,
): TaskDraft {
  return {
    id,
    idPos,
    title,
    position,
    form,
    done,
    parallel: false,
    priority: undefined,
    dependsOn: [],
    files: [],
    estimate: undefined,
    agent: undefined,
    timeoutMs: undefined,
    verify: undefined,
    script: undefined,
    prose: new InstructionText(),
    seen: 0,
    settledDeps: 0,
  };
}

export function addScript(task: TaskDraft, body: string): void {
  task.script = task.script === undefined ? body : `${task.script}\n${body}`;
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
  if (d.script !== undefined) task.script = d.script;
  return task;
}
