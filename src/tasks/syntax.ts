/**
 * How a single Markdown line starts (or continues) a block: the rules the scanner shares.
 * Every line of a file goes through some of these, so they read character codes instead
 * of running patterns; each says which CommonMark pattern it implements.
 */
import { indentWidth, isBlank, leadingSpace, startsAfterIndent } from './lines.js';

// GFM: a checkbox is followed by whitespace and then some text.
export const CHECKBOX = /^\[([ xX])\](?=[ \t]+\S)/;
export const CHECKBOX_ALONE = /^\[([ xX])\][ \t]*$/;

const SPACE = 32;
const TAB = 9;

/** Leading spaces (tabs not counted) when there are at most 3, else -1. */
function markerIndent(text: string): number {
  let s = 0;
  while (s < text.length && text.charCodeAt(s) === SPACE) s++;
  return s <= 3 ? s : -1;
}

/** Index after the run of `code` starting at `from`. */
function runEnd(text: string, from: number, code: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) === code) i++;
  return i;
}

/** True when `text` from `from` on holds no line terminator, as `.*$` requires. */
function oneLineFrom(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

/** Only spaces and tabs from `from` on. */
function blankFrom(text: string, from: number): boolean {
  return leadingSpace(text, from) === text.length;
}

/** `^[ \t]*[-`~#<*+_0-9=]`: only lines starting with one of these can open a non-paragraph block. */
export function mayStartBlock(text: string): boolean {
  const i = leadingSpace(text);
  if (i === text.length) return false;
  switch (text.charCodeAt(i)) {
    case 45: // -
    case 96: // `
    case 126: // ~
    case 35: // #
    case 60: // <
    case 42: // *
    case 43: // +
    case 95: // _
    case 61: // =
      return true;
    default:
      return isDigit(text.charCodeAt(i));
  }
}

/** `^ {0,3}(#{1,6})(?:[ \t]+(.*))?$`: the level of an ATX heading, or 0. */
export function atxLevel(text: string): number {
  const s = markerIndent(text);
  if (s < 0) return 0;
  const end = runEnd(text, s, 35);
  const level = end - s;
  if (level < 1 || level > 6) return 0;
  if (end === text.length) return level;
  const c = text.charCodeAt(end);
  return (c === SPACE || c === TAB) && oneLineFrom(text, end) ? level : 0;
}

/** `^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$`: a thematic break. */
export function isThematicBreak(text: string): boolean {
  const s = markerIndent(text);
  if (s < 0 || s >= text.length) return false;
  const mark = text.charCodeAt(s);
  if (mark !== 45 && mark !== 42 && mark !== 95) return false;
  let count = 0;
  for (let i = s; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === mark) count++;
    else if (c !== SPACE && c !== TAB) return false;
  }
  return count >= 3;
}

/** `^ {0,3}(=+|-+)[ \t]*$`: a setext heading's underline. */
export function isSetextUnderline(text: string): boolean {
  const s = markerIndent(text);
  if (s < 0 || s >= text.length) return false;
  const mark = text.charCodeAt(s);
  if (mark !== 61 && mark !== 45) return false;
  return blankFrom(text, runEnd(text, s, mark));
}

/** Where a list marker sits in its line: `^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)`. */
export interface ListMarker {
  /** Offset of the marker (the length of the indentation before it). */
  indent: number;
  /** Offset after the marker. */
  markerEnd: number;
  /** Offset after the whitespace that follows the marker. */
  end: number;
}

export function listMarker(text: string): ListMarker | undefined {
  const indent = markerIndent(text);
  if (indent < 0 || indent >= text.length) return undefined;
  const c = text.charCodeAt(indent);
  let markerEnd: number;
  if (c === 45 || c === 42 || c === 43) {
    markerEnd = indent + 1;
  } else {
    let d = indent;
    while (d < text.length && isDigit(text.charCodeAt(d))) d++;
    const digits = d - indent;
    const close = text.charCodeAt(d);
    if (digits < 1 || digits > 9 || (close !== 46 && close !== 41)) return undefined;
    markerEnd = d + 1;
  }
  const end = leadingSpace(text, markerEnd);
  if (end === markerEnd && end !== text.length) return undefined;
  return { indent, markerEnd, end };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The marker's last character: `-`, `*` or `+`, or `.` or `)`; a change starts a new list. */
export function markerChar(text: string, m: ListMarker): string {
  return text[m.markerEnd - 1] as string;
}

export interface FenceOpen {
  char: string;
  length: number;
  indent: number;
  lang: string;
}

/** `^ {0,3}(`{3,}|~{3,})(.*)$`, and no backtick in a backtick fence's info string. */
export function fenceOpen(text: string): FenceOpen | undefined {
  const s = markerIndent(text);
  if (s < 0 || s >= text.length) return undefined;
  const c = text.charCodeAt(s);
  if (c !== 96 && c !== 126) return undefined;
  const end = runEnd(text, s, c);
  if (end - s < 3 || !oneLineFrom(text, end)) return undefined;
  const info = text.slice(end).trim();
  if (c === 96 && info.includes('`')) return undefined;
  const lang = (info.split(/[\s{]/, 1)[0] ?? '').toLowerCase();
  return { char: text[s] as string, length: end - s, indent: indentWidth(text), lang };
}

/** `^ {0,3}(`{3,}|~{3,})[ \t]*$` with the opening fence's character, at least as long. */
export function closesFence(text: string, open: FenceOpen): boolean {
  const s = markerIndent(text);
  if (s < 0 || s >= text.length || text[s] !== open.char) return false;
  const end = runEnd(text, s, text.charCodeAt(s));
  return end - s >= 3 && end - s >= open.length && blankFrom(text, end);
}

/** True when the line starts a block that ends a paragraph (so it cannot be a lazy continuation). */
export function interruptsParagraph(text: string): boolean {
  if (indentWidth(text) >= 4) return false;
  return (
    atxLevel(text) > 0 ||
    fenceOpen(text) !== undefined ||
    isThematicBreak(text) ||
    listMarker(text) !== undefined ||
    startsAfterIndent(text, '>') ||
    startsAfterIndent(text, '<!--')
  );
}

/** CommonMark: an item interrupts a paragraph only if it is not empty and, when ordered, starts at 1. */
export function canStartItem(m: ListMarker, text: string, paragraphOpen: boolean): boolean {
  if (!paragraphOpen) return true;
  if (blankFrom(text, m.end)) return false;
  if (m.markerEnd - m.indent === 1) return true;
  // `^0*1[.)]$`: the number is 1, however many zeros lead it.
  const last = m.markerEnd - 2;
  if (text.charCodeAt(last) !== 49) return false;
  for (let i = m.indent; i < last; i++) if (text.charCodeAt(i) !== 48) return false;
  return true;
}

/**
 * True when a line inside the same container ends the open paragraph. Stricter than
 * interruptsParagraph: there, any item ends the outer item; here, only a non-empty
 * bullet or an ordered item numbered 1 can interrupt the paragraph.
 */
export function startsBlockInParagraph(text: string): boolean {
  if (isSetextUnderline(text)) return true;
  const m = listMarker(text);
  if (m !== undefined && !isThematicBreak(text)) return canStartItem(m, text, true);
  return interruptsParagraph(text);
}

/** A fence or an HTML comment that the line opens and does not close. */
export function openedBy(text: string): FenceOpen | 'comment' | undefined {
  const fence = fenceOpen(text);
  if (fence !== undefined) return fence;
  return indentWidth(text) < 4 && startsAfterIndent(text, '<!--') && !text.includes('-->')
    ? 'comment'
    : undefined;
}

/** True when a following unindented line may continue this one lazily (it is paragraph text). */
export function endsInParagraph(text: string): boolean {
  if (isBlank(text) || indentWidth(text) >= 4) return false;
  if (atxLevel(text) > 0 || isThematicBreak(text) || fenceOpen(text) !== undefined) return false;
  if (startsAfterIndent(text, '<!--')) return false;
  const m = listMarker(text);
  return m === undefined || endsInParagraph(text.slice(m.end).replace(CHECKBOX, ''));
}
