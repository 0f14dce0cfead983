/** Source lines with their positions, and the indentation arithmetic Markdown needs. */

export interface SrcLine {
  /** Text with the enclosing container's indentation (list item, …) removed. */
  text: string;
  /** 1-based line number in the file. */
  line: number;
  /** 1-based column in the file of `text[0]`. */
  column: number;
}

export function splitLines(text: string, firstLine = 1): SrcLine[] {
  const parts = text.split(/\r\n|\r|\n/);
  const out: SrcLine[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++)
    out[i] = { text: parts[i] as string, line: firstLine + i, column: 1 };
  return out;
}

export function isBlank(text: string): boolean {
  return /^[ \t]*$/.test(text);
}

/** Width of the leading whitespace, tabs advancing to the next multiple of 4 (CommonMark). */
export function indentWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) w++;
    else if (c === 9) w += 4 - (w % 4);
    else break;
  }
  return w;
}

/** Removes `width` columns of leading whitespace (all of it when there is less). */
export function dedent(line: SrcLine, width: number): SrcLine {
  const t = line.text;
  let w = 0;
  let i = 0;
  while (i < t.length && w < width) {
    const c = t.charCodeAt(i);
    if (c === 32) w++;
    else if (c === 9) w += 4 - (w % 4);
    else break;
    i++;
  }
  // A tab that overshoots leaves its surplus as spaces, so nested indentation stays right.
  const pad = w > width ? ' '.repeat(w - width) : '';
  return { text: pad + t.slice(i), line: line.line, column: line.column + i };
}
