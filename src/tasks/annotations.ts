/** `(depends: T001)`-style notes inside a checklist item's first line; `branch:` is what a run records. */
import { hasWordAt } from './chars.js';
import { leadingSpace } from './lines.js';

export interface Annotation {
  /** The key in lower case, as written otherwise (`depends on`). */
  key: string;
  value: string;
  /** Offset of the value in the line (see valueOffset). */
  offset: number;
}

const KEYS = ['priority', 'agent', 'timeout', 'estimate', 'verify', 'branch'];

/**
 * Takes the notes out of a line, replacing each with spaces so every other offset still
 * points at the same column. By hand (every item of a checklist has its first line read),
 * the matches of
 *
 *   /\((depends(?:[ \t]+on)?|priority|agent|timeout|estimate|verify|branch)[ \t]*:[ \t]*([^)]*)\)/gi
 */
export function takeAnnotations(text: string): { masked: string; notes: Annotation[] } {
  const notes: Annotation[] = [];
  let masked = '';
  let copied = 0;
  for (let p = text.indexOf('('); p >= 0; p = text.indexOf('(', p + 1)) {
    const keyEnd = annotationKeyEnd(text, p + 1);
    if (keyEnd < 0) continue;
    const valueStart = leadingSpace(text, keyEnd + 1);
    const close = text.indexOf(')', valueStart);
    const key = text.slice(p + 1, valueKeyEnd(text, p + 1, keyEnd)).toLowerCase();
    const value = text.slice(valueStart, close);
    notes.push({ key, value, offset: valueOffset(text, p, key.length, value) });
    masked += text.slice(copied, p) + ' '.repeat(close + 1 - p);
    copied = close + 1;
    p = close;
  }
  return { masked: copied === 0 ? text : masked + text.slice(copied), notes };
}

/**
 * Offset of the colon after a key starting at `k` (the closing parenthesis must follow),
 * or -1. `depends on` is tried before `depends`, as the pattern does.
 */
function annotationKeyEnd(text: string, k: number): number {
  if (hasWordAt(text, k, 'depends')) {
    const on = leadingSpace(text, k + 7);
    if (on > k + 7 && hasWordAt(text, on, 'on')) {
      const colon = colonAfter(text, on + 2);
      if (colon >= 0) return colon;
    }
    return colonAfter(text, k + 7);
  }
  for (const word of KEYS) if (hasWordAt(text, k, word)) return colonAfter(text, k + word.length);
  return -1;
}

/** `[ \t]*:` at `from`, with a `)` somewhere after: the colon's offset, or -1. */
function colonAfter(text: string, from: number): number {
  const colon = leadingSpace(text, from);
  return text.charCodeAt(colon) === 58 && text.indexOf(')', colon) >= 0 ? colon : -1;
}

/** End of the key as written: the colon's offset without the spaces before it. */
function valueKeyEnd(text: string, start: number, colon: number): number {
  let end = colon;
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  return end;
}

/**
 * Where the value is said to start: the first place at or after the key's last character
 * where the value's text appears (for an empty value, that place itself). Kept as it was
 * first written, since positions in messages depend on it.
 */
function valueOffset(text: string, open: number, keyLength: number, value: string): number {
  return text.indexOf(value, open + keyLength);
}
