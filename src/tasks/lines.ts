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

/** Width of the line's leading whitespace, with tab stops where the file has them. */
export function lineIndent(line: SrcLine): number {
  return indentWidth(line.text, line.visual ?? 0);
}

export function splitLines(text: string, firstLine = 1): SrcLine[] {
  // Splitting on one character is much faster than on a pattern; most files have no \r.
  const parts = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  const out: SrcLine[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++)
    out[i] = { text: parts[i] as string, line: firstLine + i, column: 1 };
  return out;
}

/** Index of the first character that is not a space or tab (text.length when none). */
export function leadingSpace(text: string): number {
  let i = 0;
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

export function isBlank(text: string): boolean {
  return /^[ \t]*$/.test(text);
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
 * Removes `width` columns of leading whitespace (all of it when there is less), for the
 * content of a list item. Tabs left in the remaining indentation become spaces, since
 * their width depends on the column they started at; everything after stays as written.
 */
export function dedent(line: SrcLine, width: number): SrcLine {
  const t = line.text;
  const base = line.visual ?? 0;
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
    if (cut === 0) return line;
    const out: SrcLine = { text: t.slice(cut), line: line.line, column: line.column + cut };
    if (cutWidth !== 0) out.visual = cutWidth;
    return out;
  }
  // Columns count characters, so the spaces that replace tabs do not move the column.
  const start = base + width;
  const spaces = Math.max(0, w - start);
  const out: SrcLine = {
    text: ' '.repeat(spaces) + t.slice(i),
    line: line.line,
    column: line.column + i - spaces,
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
