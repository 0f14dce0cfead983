/**
 * Character tests for the hand-written matchers that replace patterns on the parser's hot
 * paths (a 10,000-task file runs them on every line); each matches what the pattern did.
 */

/** `\s` in a pattern, and what `String.prototype.trim` removes: WhiteSpace and LineTerminator. */
export function isSpaceChar(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `text.slice(start, end).trim()`, building one string instead of two. */
export function trimmedSlice(text: string, start: number, end: number): string {
  const a = trimStartAt(text, start, end);
  return text.slice(a, trimEndAt(text, a, end));
}

/** Where `text.slice(start, end).trim()` starts in the text. */
export function trimStartAt(text: string, start: number, end: number): number {
  let a = start;
  while (a < end && isSpaceChar(text.charCodeAt(a))) a++;
  return a;
}

/** Where `text.slice(start, end).trim()` ends in the text (`start` already trimmed). */
export function trimEndAt(text: string, start: number, end: number): number {
  let b = end;
  while (b > start && isSpaceChar(text.charCodeAt(b - 1))) b--;
  return b;
}

/** Length of the whitespace (as trim sees it) at the start of the text. */
export function trimmedLead(text: string): number {
  let a = 0;
  while (a < text.length && isSpaceChar(text.charCodeAt(a))) a++;
  return a;
}

/**
 * True when `text` holds `word` (lower-case ASCII letters) at `at`, in any case: what the
 * `i` flag does for ASCII letters (it never folds other characters into them).
 */
export function hasWordAt(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((text.charCodeAt(at + k) | 32) !== word.charCodeAt(k)) return false;
  }
  return true;
}
