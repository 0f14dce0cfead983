/** How a single Markdown line starts (or continues) a block: the rules the scanner shares. */
import { indentWidth, isBlank, startsAfterIndent } from './lines.js';

export const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
export const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
export const THEMATIC = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
export const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;
/** Only lines starting with one of these characters can open a non-paragraph block. */
export const MAY_START_BLOCK = /^[ \t]*[-`~#<*+_0-9=]/;
export const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
// GFM: a checkbox is followed by whitespace and then some text.
export const CHECKBOX = /^\[([ xX])\](?=[ \t]+\S)/;
export const CHECKBOX_ALONE = /^\[([ xX])\][ \t]*$/;

export interface FenceOpen {
  char: string;
  length: number;
  indent: number;
  lang: string;
}

export function fenceOpen(text: string): FenceOpen | undefined {
  const m = FENCE_OPEN.exec(text);
  if (m === null) return undefined;
  const fence = m[1] as string;
  const info = (m[2] as string).trim();
  if (fence[0] === '`' && info.includes('`')) return undefined;
  const lang = (info.split(/[\s{]/, 1)[0] ?? '').toLowerCase();
  return { char: fence[0] as string, length: fence.length, indent: indentWidth(text), lang };
}

export function closesFence(text: string, open: FenceOpen): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text);
  return m !== null && (m[1] as string)[0] === open.char && (m[1] as string).length >= open.length;
}

/** True when the line starts a block that ends a paragraph (so it cannot be a lazy continuation). */
export function interruptsParagraph(text: string): boolean {
  if (indentWidth(text) >= 4) return false;
  return (
    HEADING.test(text) ||
    fenceOpen(text) !== undefined ||
    THEMATIC.test(text) ||
    ITEM.test(text) ||
    startsAfterIndent(text, '>') ||
    startsAfterIndent(text, '<!--')
  );
}

/** CommonMark: an item interrupts a paragraph only if it is not empty and, when ordered, starts at 1. */
export function canStartItem(m: RegExpExecArray, text: string, paragraphOpen: boolean): boolean {
  if (!paragraphOpen) return true;
  if (isBlank(text.slice(m[0].length))) return false;
  const marker = m[2] as string;
  return marker.length === 1 || /^0*1[.)]$/.test(marker);
}

/**
 * True when a line inside the same container ends the open paragraph. Stricter than
 * interruptsParagraph: there, any item ends the outer item; here, only a non-empty
 * bullet or an ordered item numbered 1 can interrupt the paragraph.
 */
export function startsBlockInParagraph(text: string): boolean {
  if (SETEXT.test(text)) return true;
  const m = ITEM.exec(text);
  if (m !== null && !THEMATIC.test(text)) return canStartItem(m, text, true);
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
  if (HEADING.test(text) || THEMATIC.test(text) || fenceOpen(text) !== undefined) return false;
  if (startsAfterIndent(text, '<!--')) return false;
  const m = ITEM.exec(text);
  return m === null || endsInParagraph(text.slice(m[0].length).replace(CHECKBOX, ''));
}
