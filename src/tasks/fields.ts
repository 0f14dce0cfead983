/** The values of `Key: value` lines (Priority, Depends, Files, …), applied to a task. */
import { parseDuration } from '../util/duration.js';
import { isSpaceChar } from './chars.js';
import type { DiagnosticList } from './diagnostics.js';
import { isValidId, type TaskDraft } from './draft.js';
import { type FieldKey, type FieldLine, fieldName } from './field-line.js';
import { addFileList } from './file-entry.js';
import { PRIORITIES, type Priority, type SourcePos } from './types.js';

/** Fields that may be given once per task; `Depends:` and `Files:` lines add up (bit 0). */
const FIELD_BITS: Record<FieldKey, number> = {
  priority: 1,
  estimate: 2,
  agent: 4,
  timeout: 8,
  verify: 16,
  depends: 0,
  files: 0,
};

/** `` `npm test` `` → `npm test`. */
export function stripTicks(text: string): string {
  if (!text.includes('`')) return text.trim();
  const m = /^(`+)(.*)\1$/.exec(text.trim());
  return m === null ? text.trim() : (m[2] as string).trim();
}

const NONE = /^(?:none|-|—|–|n\/a|)$/i;
const ESTIMATE = /^\d+(?:\.\d+)?$/;
const AGENT_NAME = /^[A-Za-z0-9][\w.-]*$/;

function pos(line: number, column: number): SourcePos {
  return { line, column };
}

/**
 * Applies one field to the task. Returns true for an empty `Files:` line, whose
 * entries follow as a list.
 */
export function applyField(f: FieldLine, task: TaskDraft, diags: DiagnosticList): boolean {
  const bit = FIELD_BITS[f.key];
  if ((task.seen & bit) !== 0) {
    diags.add(
      pos(f.line, f.keyColumn),
      'duplicate-field',
      `${fieldName(f)} is given twice for task ${task.id}`,
    );
    return false;
  }
  task.seen |= bit;
  switch (f.key) {
    case 'priority':
      setPriority(stripTicks(f.value), f.line, f.valueColumn, task, diags);
      return false;
    case 'depends':
      addDependencies(f.value, f.line, f.valueColumn, task, diags);
      return false;
    case 'files':
      if (f.value.trim() === '') return true;
      if (!NONE.test(f.value.trim())) addFileList(f.value, f.line, f.valueColumn, task, diags);
      return false;
    case 'estimate': {
      const v = stripTicks(f.value);
      if (ESTIMATE.test(v) && Number(v) > 0) task.estimate = Number(v);
      else
        diags.add(
          pos(f.line, f.valueColumn),
          'bad-estimate',
          `estimate ${JSON.stringify(v)} is not a positive number`,
        );
      return false;
    }
    case 'timeout': {
      const v = stripTicks(f.value);
      const ms = parseDuration(v);
      if (ms !== undefined && ms > 0) task.timeoutMs = ms;
      else
        diags.add(
          pos(f.line, f.valueColumn),
          'bad-timeout',
          `timeout ${JSON.stringify(v)} is not a duration like 90s, 10m or 1h30m`,
        );
      return false;
    }
    case 'agent': {
      const v = stripTicks(f.value);
      if (AGENT_NAME.test(v)) task.agent = v;
      else
        diags.add(pos(f.line, f.valueColumn), 'bad-agent', `agent ${JSON.stringify(v)} is not an agent name`);
      return false;
    }
    case 'verify': {
      const v = stripTicks(f.value);
      if (v !== '') task.verify = v;
      else
        diags.add(
          pos(f.line, f.valueColumn),
          'bad-verify',
          'Verify: needs a command, e.g. `Verify: npm test`',
        );
      return false;
    }
  }
}

/** `P0`–`P3` in either case (what upper-casing and looking up did), or undefined. */
function priorityOf(text: string): Priority | undefined {
  if (text.length !== 2 || (text.charCodeAt(0) | 32) !== 112) return undefined;
  return PRIORITIES[text.charCodeAt(1) - 48];
}

export function setPriority(
  text: string,
  line: number,
  column: number,
  task: TaskDraft,
  diags: DiagnosticList,
): void {
  const p = priorityOf(text);
  if (p !== undefined) {
    if (task.priority !== undefined && task.priority !== p) {
      diags.add(
        pos(line, column),
        'duplicate-field',
        `task ${task.id} has two priorities: ${task.priority} and ${p}`,
      );
      return;
    }
    task.priority = p;
  } else {
    diags.add(
      pos(line, column),
      'bad-priority',
      `unknown priority ${JSON.stringify(text)}; use P0, P1, P2 or P3`,
    );
  }
}

/** Ids separated by whitespace, commas or semicolons (`[^\s,;]+`), each maybe in backticks. */
export function addDependencies(
  value: string,
  line: number,
  column: number,
  task: TaskDraft,
  diags: DiagnosticList,
): void {
  if (NONE.test(value.trim())) return;
  let i = 0;
  while (i < value.length) {
    if (separatesIds(value.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < value.length && !separatesIds(value.charCodeAt(i))) i++;
    const token = value.slice(start, i);
    const ticked = value.charCodeAt(start) === 96;
    const id = token.includes('`') ? token.replace(/^`|`$/g, '') : token;
    if (id === '' || isAnd(id)) continue;
    const at = pos(line, column + start + (ticked ? 1 : 0));
    if (!isValidId(id)) {
      diags.add(at, 'bad-id', `${JSON.stringify(id)} is not a task id (ids look like T001 or step-3)`);
      continue;
    }
    task.dependsOn.push({ id, position: at });
  }
}

function separatesIds(c: number): boolean {
  return c === 44 || c === 59 || isSpaceChar(c);
}

/** `and` in any case, as in `Depends: T001 and T002`. */
function isAnd(id: string): boolean {
  return (
    id.length === 3 &&
    (id.charCodeAt(0) | 32) === 97 &&
    (id.charCodeAt(1) | 32) === 110 &&
    (id.charCodeAt(2) | 32) === 100
  );
}
