/** `Key: value` lines (Priority, Depends, Files, …) and the values they hold. */
import { parseDuration } from '../util/duration.js';
import type { DiagnosticList } from './diagnostics.js';
import { type TaskDraft, VALID_ID } from './draft.js';
import { leadingSpace, type SrcLine } from './lines.js';
import { checkRepoPath } from './paths.js';
import { FILE_OPS, type FileOp, PRIORITIES, type Priority, type SourcePos } from './types.js';

export type FieldKey = 'priority' | 'depends' | 'files' | 'estimate' | 'agent' | 'timeout' | 'verify';

export interface FieldLine {
  key: FieldKey;
  /** The key as written, for messages. */
  name: string;
  value: string;
  keyPos: SourcePos;
  valuePos: SourcePos;
}

// Optional bullet, optional bold around the key (colon inside or outside the bold), case-insensitive.
const FIELD =
  /^( {0,3}(?:[-*+][ \t]+)?(\*\*|__)?)(priority|depends(?:[ \t]+on)?|dependencies|files?|estimate|agent|timeout|verify)(?:\2)?[ \t]*:(?:\2)?[ \t]*/i;

export function isFieldLine(text: string): boolean {
  return FIELD.test(text);
}

export function matchField(line: SrcLine): FieldLine | undefined {
  const m = FIELD.exec(line.text);
  if (m === null) return undefined;
  const name = m[3] as string;
  const lower = name.toLowerCase();
  const key: FieldKey = lower.startsWith('dep')
    ? 'depends'
    : lower.startsWith('file')
      ? 'files'
      : (lower as FieldKey);
  const value = line.text.slice(m[0].length).trimEnd();
  return {
    key,
    name,
    value,
    keyPos: { line: line.line, column: line.column + (m[1] as string).length },
    valuePos: { line: line.line, column: line.column + m[0].length },
  };
}

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
  const m = /^(`+)(.*)\1$/.exec(text.trim());
  return m === null ? text.trim() : (m[2] as string).trim();
}

const NONE = /^(?:none|-|—|–|n\/a|)$/i;

const OP_ALIASES: Record<string, FileOp> = {
  add: 'create',
  new: 'create',
  edit: 'modify',
  update: 'modify',
  change: 'modify',
  remove: 'delete',
  rm: 'delete',
};

function fileOp(word: string): FileOp | undefined {
  const w = word.toLowerCase();
  return (FILE_OPS as readonly string[]).includes(w) ? (w as FileOp) : OP_ALIASES[w];
}

function at(pos: SourcePos, offset: number): SourcePos {
  return { line: pos.line, column: pos.column + offset };
}

/**
 * Applies one field to the task. Returns true for an empty `Files:` line, whose
 * entries follow as a list.
 */
export function applyField(f: FieldLine, task: TaskDraft, diags: DiagnosticList): boolean {
  const bit = FIELD_BITS[f.key];
  if ((task.seen & bit) !== 0) {
    diags.add(f.keyPos, 'duplicate-field', `${f.name} is given twice for task ${task.id}`);
    return false;
  }
  task.seen |= bit;
  switch (f.key) {
    case 'priority':
      setPriority(stripTicks(f.value), f.valuePos, task, diags);
      return false;
    case 'depends':
      addDependencies(f.value, f.valuePos, task, diags);
      return false;
    case 'files':
      if (f.value.trim() === '') return true;
      if (!NONE.test(f.value.trim())) addFileList(f.value, f.valuePos, task, diags);
      return false;
    case 'estimate': {
      const v = stripTicks(f.value);
      if (/^\d+(?:\.\d+)?$/.test(v) && Number(v) > 0) task.estimate = Number(v);
      else diags.add(f.valuePos, 'bad-estimate', `estimate ${JSON.stringify(v)} is not a positive number`);
      return false;
    }
    case 'timeout': {
      const v = stripTicks(f.value);
      const ms = parseDuration(v);
      if (ms !== undefined && ms > 0) task.timeoutMs = ms;
      else
        diags.add(
          f.valuePos,
          'bad-timeout',
          `timeout ${JSON.stringify(v)} is not a duration like 90s, 10m or 1h30m`,
        );
      return false;
    }
    case 'agent': {
      const v = stripTicks(f.value);
      if (/^[A-Za-z0-9][\w.-]*$/.test(v)) task.agent = v;
      else diags.add(f.valuePos, 'bad-agent', `agent ${JSON.stringify(v)} is not an agent name`);
      return false;
    }
    case 'verify': {
      const v = stripTicks(f.value);
      if (v !== '') task.verify = v;
      else diags.add(f.valuePos, 'bad-verify', 'Verify: needs a command, e.g. `Verify: npm test`');
      return false;
    }
  }
}

export function setPriority(text: string, pos: SourcePos, task: TaskDraft, diags: DiagnosticList): void {
  const p = text.toUpperCase();
  if ((PRIORITIES as readonly string[]).includes(p)) {
    if (task.priority !== undefined && task.priority !== p) {
      diags.add(pos, 'duplicate-field', `task ${task.id} has two priorities: ${task.priority} and ${p}`);
      return;
    }
    task.priority = p as Priority;
  } else {
    diags.add(pos, 'bad-priority', `unknown priority ${JSON.stringify(text)}; use P0, P1, P2 or P3`);
  }
}

export function addDependencies(value: string, pos: SourcePos, task: TaskDraft, diags: DiagnosticList): void {
  if (NONE.test(value.trim())) return;
  const token = /[^\s,;]+/g;
  for (let m = token.exec(value); m !== null; m = token.exec(value)) {
    const id = m[0].includes('`') ? m[0].replace(/^`|`$/g, '') : m[0];
    if (id === '' || id.toLowerCase() === 'and') continue;
    const p = at(pos, m.index + (m[0].startsWith('`') ? 1 : 0));
    if (!VALID_ID.test(id)) {
      diags.add(p, 'bad-id', `${JSON.stringify(id)} is not a task id (ids look like T001 or step-3)`);
      continue;
    }
    task.dependsOn.push({ id, position: p });
  }
}

function addFileList(value: string, pos: SourcePos, task: TaskDraft, diags: DiagnosticList): void {
  // Commas separate entries, except inside backticks.
  const entry = /(?:`[^`]*`|[^,`])+/g;
  for (let m = entry.exec(value); m !== null; m = entry.exec(value)) {
    const entryText = m[0].trim();
    if (entryText !== '') addFile(entryText, at(pos, m.index + leadingSpace(m[0])), task, diags);
  }
}

/** One entry: `create src/a.ts`, `create: src/a.ts`, `` modify `src/b.ts` ``, `src/a.ts (read)` or `src/a.ts`. */
export function addFile(text: string, pos: SourcePos, task: TaskDraft, diags: DiagnosticList): void {
  let op: FileOp = 'modify';
  let pathText = text;
  let pathOffset = 0;
  const prefix = /^([A-Za-z]+):?[ \t]+(?=\S)/.exec(text);
  const suffix = text.endsWith(')') ? /^(.*?\S)[ \t]*\(([A-Za-z]+)\)$/.exec(text) : null;
  if (prefix !== null && !text.startsWith('`')) {
    const found = fileOp(prefix[1] as string);
    if (found === undefined) {
      diags.add(
        pos,
        'bad-file-op',
        `unknown file operation ${JSON.stringify(prefix[1])}; use create, modify, delete or read`,
      );
      return;
    }
    op = found;
    pathText = text.slice(prefix[0].length);
    pathOffset = prefix[0].length;
  } else if (suffix !== null) {
    const found = fileOp(suffix[2] as string);
    if (found === undefined) {
      diags.add(
        at(pos, (suffix[1] as string).length),
        'bad-file-op',
        `unknown file operation ${JSON.stringify(suffix[2])}; use create, modify, delete or read`,
      );
      return;
    }
    op = found;
    pathText = suffix[1] as string;
  }
  const ticked = pathText.includes('`') ? /^`([^`]*)`$/.exec(pathText.trim()) : null;
  if (ticked !== null) {
    pathText = ticked[1] as string;
    pathOffset += 1;
  }
  const check = checkRepoPath(pathText);
  if (!check.ok) {
    diags.add(at(pos, pathOffset), check.kind, check.message);
    return;
  }
  task.files.push({ path: check.path, op, position: at(pos, pathOffset) });
}
