/**
 * A one-pass Markdown block scanner for the constructs task files use: ATX headings,
 * fenced code, list items (with GFM checkboxes), HTML comments, and everything else as
 * prose lines. It follows CommonMark's rules for these (indentation, lazy continuation,
 * fences inside items) and is checked against mdast in the tests. It exists because
 * micromark needs ~2 s for a 10,000-task file; this needs a few milliseconds.
 */
import { trimEndAt, trimStartAt } from './chars.js';
import {
  indentWidth,
  isBlank,
  type Lines,
  leadingSpace,
  type SrcLine,
  startsAfterIndent,
  stripSpaces,
} from './lines.js';
import { scanItem } from './list-item.js';
import {
  atxLevel,
  canStartItem,
  closesFence,
  type FenceOpen,
  fenceOpen,
  isSetextUnderline,
  isThematicBreak,
  listMarker,
  mayStartBlock,
} from './syntax.js';

interface Span {
  /** Index of the first line in the scanned lines. */
  start: number;
  /** Index after the last line. */
  end: number;
}

/**
 * `blank` and `text` blocks cover runs of lines (consecutive blank lines, consecutive
 * prose lines); their readers take them line by line.
 */
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

/**
 * Hands out blocks one at a time, so a reader keeps none of them alive. Prose lines are
 * handed out when their run ends: until then an underline may still turn the open
 * paragraph into a setext heading.
 */
export class BlockScanner {
  private i = 0;
  private paragraphOpen = false;
  /** First line of the open paragraph, for setext headings. */
  private paragraphStart = 0;
  private quoted = false;
  /** First line of the prose lines not handed out yet, or -1. */
  private textStart = -1;
  /** The block found after a run of prose lines, handed out next. */
  private held: Block | undefined;

  constructor(private readonly lines: Lines) {}

  next(): Block | undefined {
    const held = this.held;
    if (held !== undefined) {
      this.held = undefined;
      return held;
    }
    while (this.i < this.lines.length) {
      const b = this.step();
      if (b === undefined) continue;
      const textStart = this.textStart;
      this.textStart = -1;
      if (textStart < 0 || textStart >= b.start) return b;
      this.held = b;
      return { kind: 'text', start: textStart, end: b.start };
    }
    if (this.textStart < 0) return undefined;
    const start = this.textStart;
    this.textStart = -1;
    return { kind: 'text', start, end: this.lines.length };
  }

  /** Reads the block at line `i`; undefined for a prose line, which joins the current run. */
  private step(): Block | undefined {
    const lines = this.lines;
    const i = this.i;
    const text = lines.text(i);
    if (isBlank(text)) {
      let j = i + 1;
      while (j < lines.length && isBlank(lines.text(j))) j++;
      this.paragraphOpen = false;
      this.i = j;
      return { kind: 'blank', start: i, end: j };
    }
    const indent = indentWidth(text, lines.visual(i));
    // A lazy line continues a paragraph: never a block of its own.
    if (indent >= 4 || lines.lazy(i) || !mayStartBlock(text)) {
      // Indented code, a paragraph's continuation, or plain text: prose either way.
      if (indent < 4 && startsAfterIndent(text, '>')) {
        // Block quotes are prose; their paragraph continues lazily and has no setext underline.
        this.quoted = true;
      } else if (!this.paragraphOpen) {
        this.quoted = false;
      }
      if (!this.paragraphOpen && indent < 4) {
        this.paragraphOpen = true;
        this.paragraphStart = i;
      }
      return this.prose();
    }
    if (this.paragraphOpen && !this.quoted && isSetextUnderline(text)) {
      this.paragraphOpen = false;
      this.i = i + 1;
      return setextHeading(lines, this.paragraphStart, i);
    }
    const b = this.blockAt(text, i);
    if (b !== undefined) {
      this.paragraphOpen = false;
      this.i = b.end;
      return b;
    }
    const thematic = isThematicBreak(text);
    if (!this.paragraphOpen && !thematic) this.paragraphStart = i;
    this.paragraphOpen = !thematic;
    return this.prose();
  }

  /** A fence, heading, comment or list item starting at line `i`, if any. */
  private blockAt(text: string, i: number): Block | undefined {
    const lines = this.lines;
    const fence = fenceOpen(text);
    if (fence !== undefined) return scanFence(lines, i, fence);
    const level = atxLevel(text);
    if (level > 0) return heading(lines, i, level);
    if (startsAfterIndent(text, '<!--')) {
      let j = i;
      while (j < lines.length && !lines.text(j).includes('-->')) j++;
      return { kind: 'comment', start: i, end: Math.min(j + 1, lines.length) };
    }
    if (isThematicBreak(text)) return undefined;
    const m = listMarker(text);
    if (m !== undefined && canStartItem(m, text, this.paragraphOpen && !this.quoted))
      return scanItem(lines, i, m);
    return undefined;
  }

  private prose(): undefined {
    if (this.textStart < 0) this.textStart = this.i;
    this.i++;
    return undefined;
  }
}

/** Every block of the lines, for readers that need them all (mini-plans, tests). */
export function scanBlocks(lines: Lines): Block[] {
  const blocks: Block[] = [];
  const scanner = new BlockScanner(lines);
  for (let b = scanner.next(); b !== undefined; b = scanner.next()) blocks.push(b);
  return blocks;
}

const CLOSING_HASHES = /(?:^|[ \t]+)#+[ \t]*$/;

function heading(lines: Lines, index: number, level: number): Block {
  const raw = lines.text(index);
  const afterHashes = raw.indexOf('#') + level;
  let text: string;
  let lead: number;
  if (raw.includes('#', afterHashes)) {
    // A closing run of #s is not part of the heading text.
    const body = raw.slice(afterHashes).replace(CLOSING_HASHES, '');
    text = body.trim();
    // The trimmed text starts at the first character that is not whitespace.
    lead = text === '' ? body.length : body.indexOf(text);
  } else {
    const start = trimStartAt(raw, afterHashes, raw.length);
    text = raw.slice(start, trimEndAt(raw, start, raw.length));
    lead = start - afterHashes;
  }
  return {
    kind: 'heading',
    start: index,
    end: index + 1,
    level,
    text,
    textColumn: lines.column(index) + afterHashes + lead,
  };
}

/** `Title` over `===` or `---`: the paragraph's lines are the heading text. */
function setextHeading(lines: Lines, start: number, underline: number): Block {
  const parts: string[] = [];
  for (let k = start; k < underline; k++) parts.push(lines.text(k).trim());
  return {
    kind: 'heading',
    start,
    end: underline + 1,
    level: lines.text(underline).trim().startsWith('=') ? 1 : 2,
    text: parts.join(' '),
    textColumn: lines.column(start) + leadingSpace(lines.text(start)),
  };
}

function scanFence(lines: Lines, start: number, open: FenceOpen): Block {
  const body: string[] = [];
  let j = start + 1;
  while (j < lines.length) {
    const text = lines.text(j);
    if (closesFence(text, open)) {
      return { kind: 'fence', start, end: j + 1, lang: open.lang, body, closed: true };
    }
    body.push(stripSpaces(text, open.indent));
    j++;
  }
  return { kind: 'fence', start, end: j, lang: open.lang, body, closed: false };
}
