/** Entries of a `Files:` line or list: an optional operation and a repo-relative path. */
import { hasWordAt, isAsciiLetter, isSpaceChar, trimEndAt, trimStartAt } from './chars.js';
import type { DiagnosticList } from './diagnostics.js';
import type { TaskDraft } from './draft.js';
import { leadingSpace } from './lines.js';
import { checkRepoPath } from './paths.js';
import { FILE_OPS, type FileOp, type SourcePos } from './types.js';

const OP_ALIASES: Record<string, FileOp> = {
  add: 'create',
  new: 'create',
  edit: 'modify',
  update: 'modify',
  change: 'modify',
  remove: 'delete',
  rm: 'delete',
};

/** Operations and their aliases, for the common entries (no string is built to look them up). */
const OP_WORDS: readonly (readonly [string, FileOp])[] = [
  ['create', 'create'],
  ['modify', 'modify'],
  ['delete', 'delete'],
  ['read', 'read'],
  ...Object.entries(OP_ALIASES),
];

/** The operation named by `text[start, end)` (ASCII letters). */
function fileOpAt(text: string, start: number, end: number): FileOp | undefined {
  for (const [word, op] of OP_WORDS) {
    if (word.length === end - start && hasWordAt(text, start, word)) return op;
  }
  return fileOp(text.slice(start, end));
}

function fileOp(word: string): FileOp | undefined {
  const w = word.toLowerCase();
  // An own property only: `constructor` or `toString` is not an operation.
  if ((FILE_OPS as readonly string[]).includes(w)) return w as FileOp;
  return Object.hasOwn(OP_ALIASES, w) ? OP_ALIASES[w] : undefined;
}

function pos(line: number, column: number): SourcePos {
  return { line, column };
}

/**
 * `^([A-Za-z]+):?[ \t]+(?=\S)` on the entry `text[start, end)`, the operation before a
 * path: the offset where the path starts, or -1. The word is the letters at `start`.
 */
export function opPathStart(text: string, start: number, end: number): number {
  const w = lettersEnd(text, start, end);
  if (w === start) return -1;
  const q = w < end && text.charCodeAt(w) === 58 ? w + 1 : w;
  let e = q;
  while (e < end && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 9)) e++;
  if (e === q || e >= end || isSpaceChar(text.charCodeAt(e))) return -1;
  return e;
}

function lettersEnd(text: string, start: number, end: number): number {
  let w = start;
  while (w < end && isAsciiLetter(text.charCodeAt(w))) w++;
  return w;
}

/**
 * Entries separated by commas, except inside backticks: the matches of
 * `` (?:`[^`]*`|[^,`])+ ``. A backtick with no partner ends an entry and is skipped.
 */
export function addFileList(
  value: string,
  line: number,
  column: number,
  task: TaskDraft,
  diags: DiagnosticList,
): void {
  let i = 0;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c === 44 || (c === 96 && value.indexOf('`', i + 1) < 0)) {
      i++;
      continue;
    }
    const start = i;
    while (i < value.length) {
      const d = value.charCodeAt(i);
      if (d === 44) break;
      if (d === 96) {
        const close = value.indexOf('`', i + 1);
        if (close < 0) break;
        i = close + 1;
      } else {
        i++;
      }
    }
    // The entry is trimmed, but its column counts only the spaces and tabs before it.
    const a = trimStartAt(value, start, i);
    const b = trimEndAt(value, a, i);
    if (a < b) addEntry(value, a, b, line, column + leadingSpace(value, start), task, diags);
  }
}

/** One entry: `create src/a.ts`, `create: src/a.ts`, `` modify `src/b.ts` ``, `src/a.ts (read)` or `src/a.ts`. */
export function addFile(
  text: string,
  line: number,
  column: number,
  task: TaskDraft,
  diags: DiagnosticList,
): void {
  addEntry(text, 0, text.length, line, column, task, diags);
}

const OP_SUFFIX = /^(.*?\S)[ \t]*\(([A-Za-z]+)\)$/;
const TICKED = /^`([^`]*)`$/;

/** The entry `text[start, end)`, trimmed; `column` is where its first character is reported. */
function addEntry(
  text: string,
  start: number,
  end: number,
  line: number,
  column: number,
  task: TaskDraft,
  diags: DiagnosticList,
): void {
  let op: FileOp = 'modify';
  let pathStart = start;
  let pathEnd = end;
  const pathStartsAt = opPathStart(text, start, end);
  if (pathStartsAt >= 0) {
    const wordEnd = lettersEnd(text, start, end);
    const found = fileOpAt(text, start, wordEnd);
    if (found === undefined) {
      diags.add(
        pos(line, column),
        'bad-file-op',
        `unknown file operation ${JSON.stringify(text.slice(start, wordEnd))}; use create, modify, delete or read`,
      );
      return;
    }
    op = found;
    pathStart = pathStartsAt;
  } else if (text.charCodeAt(end - 1) === 41) {
    const suffix = OP_SUFFIX.exec(text.slice(start, end));
    if (suffix !== null) {
      const found = fileOp(suffix[2] as string);
      if (found === undefined) {
        diags.add(
          pos(line, column + (suffix[1] as string).length),
          'bad-file-op',
          `unknown file operation ${JSON.stringify(suffix[2])}; use create, modify, delete or read`,
        );
        return;
      }
      op = found;
      pathEnd = start + (suffix[1] as string).length;
    }
  }
  let pathText = text.slice(pathStart, pathEnd);
  let pathOffset = pathStart - start;
  const ticked = pathText.includes('`') ? TICKED.exec(pathText.trim()) : null;
  if (ticked !== null) {
    pathText = ticked[1] as string;
    pathOffset += 1;
  }
  const path = checkRepoPath(pathText);
  if (typeof path !== 'string') {
    diags.add(pos(line, column + pathOffset), path.kind, path.message);
    return;
  }
  task.files.push({ path, op, position: pos(line, column + pathOffset) });
}
