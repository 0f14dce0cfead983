/** Recognising a `Key: value` line (Priority, Depends, Files, …). */
import { hasWordAt } from './chars.js';
import { leadingSpace } from './lines.js';

export type FieldKey = 'priority' | 'depends' | 'files' | 'estimate' | 'agent' | 'timeout' | 'verify';

/**
 * One field. A reader fills the same record for every line it matches (a 10,000-task
 * file has 40,000 field lines) and applies it at once, so nothing keeps a record.
 */
export interface FieldLine {
  key: FieldKey;
  /** The text holding the key as written: `text.slice(keyStart, keyEnd)`, for messages. */
  text: string;
  keyStart: number;
  keyEnd: number;
  value: string;
  line: number;
  keyColumn: number;
  valueColumn: number;
}

export function newFieldLine(): FieldLine {
  return {
    key: 'priority',
    text: '',
    keyStart: 0,
    keyEnd: 0,
    value: '',
    line: 0,
    keyColumn: 0,
    valueColumn: 0,
  };
}

/** The key as written. */
export function fieldName(f: FieldLine): string {
  return f.text.slice(f.keyStart, f.keyEnd);
}

export function isFieldLine(text: string): boolean {
  return fieldMatch(text, undefined, 0, 0);
}

/** Fills `into` and returns true when the line is a field line. */
export function matchField(text: string, line: number, column: number, into: FieldLine): boolean {
  return fieldMatch(text, into, line, column);
}

/**
 * The pattern this matcher implements, written out by hand since it runs on every prose
 * line of a file (an optional bullet, optional bold around the key with the colon inside
 * or outside it, keys in any case):
 *
 *   ^( {0,3}(?:[-*+][ \t]+)?(\*\*|__)?)
 *    (priority|depends(?:[ \t]+on)?|dependencies|files?|estimate|agent|timeout|verify)
 *    (?:\2)?[ \t]*:(?:\2)?[ \t]*
 *
 * Each optional part is decided by the next character alone, so no backtracking is needed.
 */
function fieldMatch(text: string, into: FieldLine | undefined, line: number, column: number): boolean {
  let p = 0;
  while (p < text.length && text.charCodeAt(p) === 32) p++;
  if (p > 3) return false;
  const c = text.charCodeAt(p);
  if ((c === 45 || c === 42 || c === 43) && isSpaceOrTab(text.charCodeAt(p + 1)))
    p = leadingSpace(text, p + 1);
  const bold = text.startsWith('**', p) ? '**' : text.startsWith('__', p) ? '__' : '';
  p += bold.length;
  let key: FieldKey;
  let keyEnd = -1;
  let end = -1;
  switch (text.charCodeAt(p) | 32) {
    case 112: // p
      key = 'priority';
      keyEnd = wordEnd(text, p, 'priority');
      break;
    case 100: // d
      key = 'depends';
      if (hasWordAt(text, p, 'depends')) {
        const on = leadingSpace(text, p + 7);
        if (on > p + 7 && hasWordAt(text, on, 'on')) {
          keyEnd = on + 2;
          end = valueStart(text, keyEnd, bold);
        }
        if (end < 0) keyEnd = p + 7;
      } else {
        keyEnd = wordEnd(text, p, 'dependencies');
      }
      break;
    case 102: // f
      key = 'files';
      if (hasWordAt(text, p, 'files')) {
        keyEnd = p + 5;
        end = valueStart(text, keyEnd, bold);
      }
      if (end < 0) keyEnd = wordEnd(text, p, 'file');
      break;
    case 101: // e
      key = 'estimate';
      keyEnd = wordEnd(text, p, 'estimate');
      break;
    case 97: // a
      key = 'agent';
      keyEnd = wordEnd(text, p, 'agent');
      break;
    case 116: // t
      key = 'timeout';
      keyEnd = wordEnd(text, p, 'timeout');
      break;
    case 118: // v
      key = 'verify';
      keyEnd = wordEnd(text, p, 'verify');
      break;
    default:
      return false;
  }
  if (keyEnd < 0) return false;
  if (end < 0) end = valueStart(text, keyEnd, bold);
  if (end < 0) return false;
  if (into !== undefined) {
    into.key = key;
    into.text = text;
    into.keyStart = p;
    into.keyEnd = keyEnd;
    into.value = text.slice(end).trimEnd();
    into.line = line;
    into.keyColumn = column + p;
    into.valueColumn = column + end;
  }
  return true;
}

/** Offset after `word` (any case) at `p`, or -1. */
function wordEnd(text: string, p: number, word: string): number {
  return hasWordAt(text, p, word) ? p + word.length : -1;
}

/** `(?:\2)?[ \t]*:(?:\2)?[ \t]*` after a key ending at `keyEnd`: the value's offset, or -1. */
function valueStart(text: string, keyEnd: number, bold: string): number {
  let q = keyEnd;
  if (bold !== '' && text.startsWith(bold, q)) q += 2;
  q = leadingSpace(text, q);
  if (text.charCodeAt(q) !== 58) return -1;
  q++;
  if (bold !== '' && text.startsWith(bold, q)) q += 2;
  return leadingSpace(text, q);
}

function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}
