/** Entries of a `Files:` line or list: an optional operation and a repo-relative path. */
import { isAsciiLetter, isSpaceChar, trimmedSlice } from './chars.js';
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

function fileOp(word: string): FileOp | undefined {
  const w = word.toLowerCase();
  return (FILE_OPS as readonly string[]).includes(w) ? (w as FileOp) : OP_ALIASES[w];
}

function pos(line: number, column: number): SourcePos {
  return { line, column };
}

/**
 * `^([A-Za-z]+):?[ \t]+(?=\S)`, the operation before a path: where the word ends and
 * where the path starts.
 */
export function opPrefix(text: string): { wordEnd: number; end: number } | undefined {
  let w = 0;
  while (w < text.length && isAsciiLetter(text.charCodeAt(w))) w++;
  if (w === 0) return undefined;
  const q = text.charCodeAt(w) === 58 ? w + 1 : w;
  const end = leadingSpace(text, q);
  if (end === q || end >= text.length || isSpaceChar(text.charCodeAt(end))) return undefined;
  return { wordEnd: w, end };
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
    const entryText = trimmedSlice(value, start, i);
    if (entryText !== '') addFile(entryText, line, column + leadingSpace(value, start), task, diags);
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
  let op: FileOp = 'modify';
  let pathText = text;
  let pathOffset = 0;
  const prefix = opPrefix(text);
  if (prefix !== undefined) {
    const found = fileOp(text.slice(0, prefix.wordEnd));
    if (found === undefined) {
      diags.add(
        pos(line, column),
        'bad-file-op',
        `unknown file operation ${JSON.stringify(text.slice(0, prefix.wordEnd))}; use create, modify, delete or read`,
      );
      return;
    }
    op = found;
    pathText = text.slice(prefix.end);
    pathOffset = prefix.end;
  } else {
    const suffix = text.endsWith(')') ? /^(.*?\S)[ \t]*\(([A-Za-z]+)\)$/.exec(text) : null;
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
      pathText = suffix[1] as string;
    }
  }
  const ticked = pathText.includes('`') ? /^`([^`]*)`$/.exec(pathText.trim()) : null;
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
