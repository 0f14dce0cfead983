/**
 * A one-pass Markdown block scanner for the constructs task files use: ATX headings,
 * fenced code, list items (with GFM checkboxes), HTML comments, and everything else as
 * prose lines. It follows CommonMark's rules for these (indentation, lazy continuation,
 * fences inside items) and is checked against mdast in the tests. It exists because
 * micromark needs ~2 s for a 10,000-task file; this needs a few tens of milliseconds.
 */
import { isBlank, leadingSpace, lineIndent, type SrcLine, startsAfterIndent, stripSpaces } from './lines.js';
import { scanItem } from './list-item.js';
import {
  canStartItem,
  closesFence,
  type FenceOpen,
  fenceOpen,
  HEADING,
  ITEM,
  MAY_START_BLOCK,
  SETEXT,
  THEMATIC,
} from './syntax.js';

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

export function scanBlocks(lines: SrcLine[]): Block[] {
  const blocks: Block[] = [];
  const n = lines.length;
  let paragraphOpen = false;
  // Index in `blocks` of the open paragraph's first line, for setext headings.
  let paragraphStart = 0;
  let quoted = false;
  let i = 0;
  while (i < n) {
    const line = lines[i] as SrcLine;
    const text = line.text;
    if (isBlank(text)) {
      blocks.push({ kind: 'blank', start: i, end: i + 1 });
      paragraphOpen = false;
      i++;
      continue;
    }
    const indent = lineIndent(line);
    // A lazy line continues a paragraph: never a block of its own.
    if (indent >= 4 || line.lazy === true || !MAY_START_BLOCK.test(text)) {
      // Indented code, a paragraph's continuation, or plain text: prose either way.
      if (indent < 4 && startsAfterIndent(text, '>')) {
        // Block quotes are prose; their paragraph continues lazily and has no setext underline.
        quoted = true;
      } else if (!paragraphOpen) {
        quoted = false;
      }
      if (!paragraphOpen && indent < 4) {
        paragraphOpen = true;
        paragraphStart = blocks.length;
      }
      blocks.push({ kind: 'text', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (paragraphOpen && !quoted && SETEXT.test(text)) {
      const first = blocks[paragraphStart] as Block;
      blocks.length = paragraphStart;
      blocks.push(setextHeading(lines, first.start, i));
      paragraphOpen = false;
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
      blocks.push(heading(line, i, (h[1] as string).length));
      paragraphOpen = false;
      i++;
      continue;
    }
    if (startsAfterIndent(text, '<!--')) {
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
      if (m !== null && canStartItem(m, text, paragraphOpen && !quoted)) {
        const b = scanItem(lines, i, m);
        blocks.push(b);
        paragraphOpen = false;
        i = b.end;
        continue;
      }
    }
    const thematic = THEMATIC.test(text);
    if (!paragraphOpen && !thematic) paragraphStart = blocks.length;
    blocks.push({ kind: 'text', start: i, end: i + 1 });
    paragraphOpen = !thematic;
    i++;
  }
  return blocks;
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

/** `Title` over `===` or `---`: the paragraph's lines are the heading text. */
function setextHeading(lines: SrcLine[], start: number, underline: number): Block {
  const first = lines[start] as SrcLine;
  const parts: string[] = [];
  for (let k = start; k < underline; k++) parts.push((lines[k] as SrcLine).text.trim());
  const lead = leadingSpace(first.text);
  return {
    kind: 'heading',
    start,
    end: underline + 1,
    level: (lines[underline] as SrcLine).text.trim().startsWith('=') ? 1 : 2,
    text: parts.join(' '),
    textColumn: first.column + lead,
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
    body.push(stripSpaces((lines[j] as SrcLine).text, open.indent));
    j++;
  }
  return { kind: 'fence', start, end: j, lang: open.lang, body, closed: false };
}
