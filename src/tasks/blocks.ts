/**
 * A one-pass Markdown block scanner for the constructs task files use: ATX headings,
 * fenced code, list items (with GFM checkboxes), HTML comments, and everything else as
 * prose lines. It follows CommonMark's rules for these (indentation, lazy continuation,
 * fences inside items) and is checked against mdast in the tests. It exists because
 * micromark needs ~2 s for a 10,000-task file; this needs a few tens of milliseconds.
 */
import { isFieldLine } from './fields.js';
import { dedent, indentWidth, isBlank, type SrcLine } from './lines.js';

interface Span {
  /** Index of the first line in the scanned array. */
  start: number;
  /** Index after the last line. */
  end: number;
}

export type Block =
  | (Span & { kind: 'blank' })
  | (Span & { kind: 'text' })
  | (Span & { kind: 'comment' })
  | (Span & { kind: 'heading'; level: number; text: string; textColumn: number })
  | (Span & { kind: 'fence'; lang: string; body: string[]; closed: boolean })
  | (Span & ListItem & { kind: 'item' });

export interface ListItem {
  /** `-`, `*` or `+` for bullets, `.` or `)` for ordered items: a change starts a new list. */
  marker: string;
  /** `' '` or `'x'` for GFM task items, otherwise undefined. */
  checkbox: ' ' | 'x' | undefined;
  /** 1-based column of the list marker in the file. */
  markerColumn: number;
  /** The item's content, dedented; line 0 starts after the marker (and checkbox). */
  content: SrcLine[];
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const THEMATIC = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const CHECKBOX = /^\[([ xX])\](?=[ \t]|$)/;

interface FenceOpen {
  char: string;
  length: number;
  indent: number;
  lang: string;
}

function fenceOpen(text: string): FenceOpen | undefined {
  const m = FENCE_OPEN.exec(text);
  if (m === null) return undefined;
  const fence = m[1] as string;
  const info = (m[2] as string).trim();
  if (fence[0] === '`' && info.includes('`')) return undefined;
  const lang = (info.split(/[\s{]/, 1)[0] ?? '').toLowerCase();
  return { char: fence[0] as string, length: fence.length, indent: indentWidth(text), lang };
}

function closesFence(text: string, open: FenceOpen): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text);
  return m !== null && (m[1] as string)[0] === open.char && (m[1] as string).length >= open.length;
}

/** True when the line starts a block that ends a paragraph (so it cannot be a lazy continuation). */
function interruptsParagraph(text: string): boolean {
  if (indentWidth(text) >= 4) return false;
  const t = text.trimStart();
  return (
    HEADING.test(text) ||
    FENCE_OPEN.test(text) ||
    THEMATIC.test(text) ||
    ITEM.test(text) ||
    t.startsWith('>') ||
    t.startsWith('<!--')
  );
}

export function scanBlocks(lines: SrcLine[]): Block[] {
  const blocks: Block[] = [];
  const n = lines.length;
  let paragraphOpen = false;
  let i = 0;
  while (i < n) {
    const text = (lines[i] as SrcLine).text;
    if (isBlank(text)) {
      blocks.push({ kind: 'blank', start: i, end: i + 1 });
      paragraphOpen = false;
      i++;
      continue;
    }
    if (indentWidth(text) >= 4) {
      // Indented code, or a paragraph's continuation: prose either way.
      blocks.push({ kind: 'text', start: i, end: i + 1 });
      i++;
      continue;
    }
    const fence = fenceOpen(text);
    if (fence !== undefined) {
      const b = scanFence(lines, i, fence);
      blocks.push(b);
      paragraphOpen = false;
      i = b.end;
      continue;
    }
    const h = HEADING.exec(text);
    if (h !== null) {
      blocks.push(heading(lines[i] as SrcLine, i, (h[1] as string).length));
      paragraphOpen = false;
      i++;
      continue;
    }
    if (text.trimStart().startsWith('<!--')) {
      let j = i;
      while (j < n && !(lines[j] as SrcLine).text.includes('-->')) j++;
      const end = Math.min(j + 1, n);
      blocks.push({ kind: 'comment', start: i, end });
      paragraphOpen = false;
      i = end;
      continue;
    }
    if (!THEMATIC.test(text)) {
      const m = ITEM.exec(text);
      if (m !== null && canStartItem(m, text, paragraphOpen)) {
        const b = scanItem(lines, i, m);
        blocks.push(b);
        paragraphOpen = false;
        i = b.end;
        continue;
      }
    }
    blocks.push({ kind: 'text', start: i, end: i + 1 });
    paragraphOpen = !THEMATIC.test(text);
    i++;
  }
  return blocks;
}

/** CommonMark: an item interrupts a paragraph only if it is not empty and, when ordered, starts at 1. */
function canStartItem(m: RegExpExecArray, text: string, paragraphOpen: boolean): boolean {
  if (!paragraphOpen) return true;
  if (isBlank(text.slice(m[0].length))) return false;
  const marker = m[2] as string;
  return marker.length === 1 || /^0*1[.)]$/.test(marker);
}

function heading(line: SrcLine, index: number, level: number): Block {
  const raw = line.text;
  const afterHashes = raw.indexOf('#') + level;
  let body = raw.slice(afterHashes);
  // A closing run of #s is not part of the heading text.
  body = body.replace(/(?:^|[ \t]+)#+[ \t]*$/, '');
  const lead = body.length - body.trimStart().length;
  const text = body.trim();
  return {
    kind: 'heading',
    start: index,
    end: index + 1,
    level,
    text,
    textColumn: line.column + afterHashes + lead,
  };
}

function scanFence(lines: SrcLine[], start: number, open: FenceOpen): Block {
  const body: string[] = [];
  let j = start + 1;
  while (j < lines.length) {
    const text = (lines[j] as SrcLine).text;
    if (closesFence(text, open)) {
      return { kind: 'fence', start, end: j + 1, lang: open.lang, body, closed: true };
    }
    body.push(dedent(lines[j] as SrcLine, open.indent).text);
    j++;
  }
  return { kind: 'fence', start, end: j, lang: open.lang, body, closed: false };
}

function scanItem(lines: SrcLine[], start: number, m: RegExpExecArray): Block & { kind: 'item' } {
  const first = lines[start] as SrcLine;
  const markerEnd = (m[1] as string).length + (m[2] as string).length;
  const rest = first.text.slice(markerEnd);
  const spaces = indentWidth(rest);
  const contentIndent = isBlank(rest) || spaces >= 5 ? markerEnd + 1 : markerEnd + spaces;
  // With 5+ spaces the content is indented code that starts one space after the marker.
  const skip = isBlank(rest) ? rest.length : spaces >= 5 ? 1 : rest.length - rest.trimStart().length;
  let head: SrcLine = { text: rest.slice(skip), line: first.line, column: first.column + markerEnd + skip };
  let checkbox: ' ' | 'x' | undefined;
  const cb = CHECKBOX.exec(head.text);
  if (cb !== null) {
    checkbox = cb[1] === ' ' ? ' ' : 'x';
    const after = head.text.slice(3);
    const lead = after.length - after.trimStart().length;
    head = { text: after.slice(lead), line: head.line, column: head.column + 3 + lead };
  }
  const content: SrcLine[] = [head];
  let fence: FenceOpen | undefined = fenceOpen(head.text);
  let lastParagraph = fence === undefined && endsInParagraph(head.text);
  let sawBlank = false;
  let end = start + 1;
  let j = start + 1;
  while (j < lines.length) {
    const line = lines[j] as SrcLine;
    if (isBlank(line.text)) {
      content.push({ text: '', line: line.line, column: line.column });
      sawBlank = true;
      lastParagraph = false;
      j++;
      continue;
    }
    let inner: SrcLine;
    if (indentWidth(line.text) >= contentIndent) {
      inner = dedent(line, contentIndent);
    } else if (!sawBlank && lastParagraph && fence === undefined && !interruptsParagraph(line.text)) {
      // Unlike CommonMark, an unindented `Priority:`-style line is not swallowed by a file
      // or note bullet above it: it belongs to the task.
      if (isFieldLine(line.text)) break;
      inner = line;
    } else {
      break;
    }
    content.push(inner);
    if (fence !== undefined) {
      if (closesFence(inner.text, fence)) fence = undefined;
    } else {
      fence = fenceOpen(inner.text);
      lastParagraph = fence === undefined && endsInParagraph(inner.text);
    }
    sawBlank = false;
    j++;
    end = j;
  }
  // Trailing blank lines belong to whatever follows the item.
  content.length = end - start;
  return {
    kind: 'item',
    start,
    end,
    marker: markerChar(m[2] as string),
    markerColumn: first.column + (m[1] as string).length,
    checkbox,
    content,
  };
}

/** True when a following unindented line may continue this one lazily (it is paragraph text). */
function endsInParagraph(text: string): boolean {
  if (isBlank(text) || indentWidth(text) >= 4) return false;
  if (HEADING.test(text) || THEMATIC.test(text) || FENCE_OPEN.test(text)) return false;
  if (text.trimStart().startsWith('<!--')) return false;
  const m = ITEM.exec(text);
  return m === null || endsInParagraph(text.slice(m[0].length).replace(CHECKBOX, ''));
}

function markerChar(marker: string): string {
  return marker.length === 1 ? marker : marker.slice(-1);
}
