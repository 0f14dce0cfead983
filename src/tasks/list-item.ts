/** One list item and its content lines, following CommonMark's container rules. */
import type { Block } from './blocks.js';
import { isFieldLine } from './field-line.js';
import { dedent, indentWidth, isBlank, type Lines, lineIndent, type SrcLine } from './lines.js';
import {
  CHECKBOX,
  CHECKBOX_ALONE,
  closesFence,
  endsInParagraph,
  interruptsParagraph,
  isSetextUnderline,
  type ListMarker,
  markerChar,
  openedBy,
  startsBlockInParagraph,
} from './syntax.js';

export function scanItem(lines: Lines, start: number, m: ListMarker): Block & { kind: 'item' } {
  const firstText = lines.text(start);
  const markerEnd = m.markerEnd;
  const rest = firstText.slice(markerEnd);
  const base = lines.visual(start);
  const spaces = indentWidth(rest, base + markerEnd);
  const contentIndent = isBlank(rest) || spaces >= 5 ? markerEnd + 1 : markerEnd + spaces;
  // With 5+ spaces the content is indented code that starts one space after the marker.
  const skip = isBlank(rest) ? rest.length : spaces >= 5 ? 1 : rest.length - rest.trimStart().length;
  let head: SrcLine = {
    text: rest.slice(skip),
    line: lines.line(start),
    column: lines.column(start) + markerEnd + skip,
  };
  head.visual = base + markerEnd + indentWidth(rest.slice(0, skip), base + markerEnd);
  let checkbox: ' ' | 'x' | undefined;
  const unchecked = head;
  const cb = CHECKBOX.exec(head.text);
  if (cb !== null) {
    checkbox = cb[1] === ' ' ? ' ' : 'x';
    const after = head.text.slice(3);
    const lead = after.length - after.trimStart().length;
    const visual = (head.visual ?? 0) + 3;
    head = {
      text: after.slice(lead),
      line: head.line,
      column: head.column + 3 + lead,
      visual: visual + indentWidth(after.slice(0, lead), visual),
    };
  }
  const content: SrcLine[] = [head];
  // A fence or HTML comment open inside the item: its lines are not paragraphs.
  let open = openedBy(head.text);
  let lastParagraph = open === undefined && endsInParagraph(head.text);
  let sawBlank = false;
  let end = start + 1;
  let j = start + 1;
  // CommonMark: an item may start with at most one blank line.
  const emptyStart = isBlank(rest);
  while (j < lines.length) {
    const text = lines.text(j);
    if (isBlank(text)) {
      if (emptyStart && j === start + 1) break;
      content.push({ text: '', line: lines.line(j), column: lines.column(j) });
      sawBlank = true;
      lastParagraph = false;
      j++;
      // Blank lines inside an open fence or comment belong to it, so they stay in the item.
      if (open !== undefined) end = j;
      continue;
    }
    let inner: SrcLine;
    let lazy = false;
    if (lines.lazy(j) && !sawBlank) {
      // Lazy in an outer item, so lazy here too, whatever its indentation.
      inner = lines.get(j);
      lazy = true;
    } else if (lineIndent(lines, j) >= contentIndent) {
      inner = dedent(lines, j, contentIndent);
    } else if (!sawBlank && lastParagraph && !interruptsParagraph(text)) {
      // Unlike CommonMark, an unindented `Priority:`-style line is not swallowed by a file
      // or note bullet above it: it belongs to the task.
      if (isFieldLine(text)) break;
      inner = { ...lines.get(j), lazy: true };
      lazy = true;
    } else {
      break;
    }
    content.push(inner);
    if (open === 'comment') {
      if (inner.text.includes('-->')) open = undefined;
    } else if (open !== undefined) {
      if (closesFence(inner.text, open)) open = undefined;
    } else if (
      lazy ||
      (lastParagraph && (contentIndentOf(inner) >= 4 || !startsBlockInParagraph(inner.text)))
    ) {
      // Still the same paragraph: indented text cannot start code inside a paragraph.
      lastParagraph = true;
    } else {
      open = openedBy(inner.text);
      lastParagraph = open === undefined && endsInParagraph(inner.text);
    }
    sawBlank = false;
    j++;
    end = j;
  }
  // Trailing blank lines belong to whatever follows the item.
  content.length = end - start;
  if (checkbox !== undefined && startsWithSetextHeading(content)) {
    // GFM checks a checkbox only in a paragraph; here the first line is a heading's text.
    checkbox = undefined;
    content[0] = unchecked;
  }
  const alone = CHECKBOX_ALONE.exec(head.text);
  if (checkbox === undefined && alone !== null && continuesParagraph(content[1])) {
    // `- [ ]` with its text on the next line: GFM still sees a checkbox.
    checkbox = alone[1] === ' ' ? ' ' : 'x';
    content.shift();
    // It continues the checkbox's paragraph, so it cannot start a block of its own.
    content[0] = { ...(content[0] as SrcLine), lazy: true };
  }
  return {
    kind: 'item',
    start,
    end,
    marker: markerChar(firstText, m),
    markerColumn: lines.column(start) + m.indent,
    checkbox,
    content,
  };
}

function continuesParagraph(line: SrcLine | undefined): boolean {
  if (line === undefined || isBlank(line.text)) return false;
  return line.lazy === true || contentIndentOf(line) >= 4 || !startsBlockInParagraph(line.text);
}

/** True when the item's first paragraph is a setext heading's text (a line of `===` or `---` follows). */
function startsWithSetextHeading(content: SrcLine[]): boolean {
  for (let k = 1; k < content.length; k++) {
    const line = content[k] as SrcLine;
    if (isBlank(line.text)) return false;
    if (line.lazy === true || contentIndentOf(line) >= 4) continue;
    if (isSetextUnderline(line.text)) return true;
    if (startsBlockInParagraph(line.text)) return false;
  }
  return false;
}

/** Width of a content line's leading whitespace, with the tab stops of its place in the file. */
function contentIndentOf(line: SrcLine): number {
  return indentWidth(line.text, line.visual ?? 0);
}
