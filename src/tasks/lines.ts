/** Source lines with their positions, and the indentation arithmetic Markdown needs. */

export interface SrcLine {
  /** Text with the enclosing container's indentation (list item, …) removed. */
  text: string;
  /** 1-based line number in the file. */
  line: number;
  /** 1-based column in the file of `text[0]`. */
  column: number;
  /** 0-based visual column of `text[0]` when it is not 0 (nested content): tab stops depend on it. */
  visual?: number;
  /** A lazy continuation line of a list item's paragraph: never a setext underline. */
  lazy?: boolean;
}

/**
 * The lines a block scanner reads: the file's own lines, or a list item's content.
 * The file's lines stay plain strings (their number follows from the index, their column
 * is 1): an object per line was a large share of the time and garbage of a 10,000-task file.
 */
export interface Lines {
  readonly length: number;
  text(i: number): string;
  line(i: number): number;
  column(i: number): number;
  /** 0-based visual column of the text's first character. */
  visual(i: number): number;
  lazy(i: number): boolean;
  /** The line as an object, for a list item's content. */
  get(i: number): SrcLine;
}

/** Lines of the file itself, from `firstLine` on. */
export class FileLines implements Lines {
  readonly length: number;

  constructor(
    private readonly texts: readonly string[],
    private readonly firstLine: number,
  ) {
    this.length = texts.length;
  }

  text(i: number): string {
    return this.texts[i] as string;
  }

  line(i: number): number {
    return this.firstLine + i;
  }

  column(_i: number): number {
    return 1;
  }

  visual(_i: number): number {
    return 0;
  }

  lazy(_i: number): boolean {
    return false;
  }

  get(i: number): SrcLine {
    return { text: this.texts[i] as string, line: this.firstLine + i, column: 1 };
  }
}

/** A list item's content lines, dedented. */
export class ContentLines implements Lines {
  readonly length: number;

  constructor(private readonly items: readonly SrcLine[]) {
    this.length = items.length;
  }

  text(i: number): string {
    return (this.items[i] as SrcLine).text;
  }

  line(i: number): number {
    return (this.items[i] as SrcLine).line;
  }

  column(i: number): number {
    return (this.items[i] as SrcLine).column;
  }

  visual(i: number): number {
    return (this.items[i] as SrcLine).visual ?? 0;
  }

  lazy(i: number): boolean {
    return (this.items[i] as SrcLine).lazy === true;
  }

  get(i: number): SrcLine {
    return this.items[i] as SrcLine;
  }
}

/** The text's lines (split at \n, \r\n or \r). */
export function splitText(text: string): string[] {
  // Splitting on one character is much faster than on a pattern; most files have no \r.
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/** Width of the line's leading whitespace, with tab stops where the file has them. */
export function lineIndent(lines: Lines, i: number): number {
  return indentWidth(lines.text(i), lines.visual(i));
}

/** Index of the first character that is not a space or tab (text.length when none). */
export function leadingSpace(text: string, from = 0): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

/** True when the text, after its indentation, starts with `prefix` (no string is built). */
export function startsAfterIndent(text: string, prefix: string): boolean {
  return text.startsWith(prefix, leadingSpace(text));
}

/** Only spaces and tabs (or nothing). */
export function isBlank(text: string): boolean {
  return leadingSpace(text) === text.length;
}

/**
 * Width of the leading whitespace, tabs advancing to the next multiple of 4 (CommonMark).
 * `from` is the visual column the text starts at, when it is not the start of a line.
 */
export function indentWidth(text: string, from = 0): number {
  let w = from;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) w++;
    else if (c === 9) w += 4 - (w % 4);
    else break;
  }
  return w - from;
}

/**
 * Line `i` without `width` columns of leading whitespace (all of it when there is less),
 * for the content of a list item. Tabs left in the remaining indentation become spaces,
 * since their width depends on the column they started at; everything after stays as written.
 */
export function dedent(lines: Lines, index: number, width: number): SrcLine {
  const t = lines.text(index);
  const base = lines.visual(index);
  const column = lines.column(index);
  let w = base;
  let i = 0;
  let cut = -1;
  let cutWidth = 0;
  let tab = false;
  while (i < t.length) {
    if (cut < 0 && w - base >= width) {
      cut = i;
      cutWidth = w;
    }
    const c = t.charCodeAt(i);
    if (c === 32) w++;
    else if (c === 9) {
      w += 4 - (w % 4);
      tab = true;
    } else break;
    i++;
  }
  if (cut < 0) {
    cut = i;
    cutWidth = w;
  }
  if (!tab) {
    if (cut === 0) return lines.get(index);
    const out: SrcLine = { text: t.slice(cut), line: lines.line(index), column: column + cut };
    if (cutWidth !== 0) out.visual = cutWidth;
    return out;
  }
  // Columns count characters, so the spaces that replace tabs do not move the column.
  const start = base + width;
  const spaces = Math.max(0, w - start);
  const out: SrcLine = {
    text: ' '.repeat(spaces) + t.slice(i),
    line: lines.line(index),
    column: column + i - spaces,
  };
  if (start !== 0) out.visual = start;
  return out;
}

/** Removes up to `n` leading spaces (a fence's indentation from its content lines). */
export function stripSpaces(text: string, n: number): string {
  let i = 0;
  while (i < n && text.charCodeAt(i) === 32) i++;
  return i === 0 ? text : text.slice(i);
}
