/** The id and the `[P]` / `[P1]` tags that start a heading or a checklist item. */
import { hasWordAt, isAsciiLetter, isDigit, isSpaceChar } from './chars.js';
import { leadingSpace } from './lines.js';

/** What a bare leading word must look like to be read as an id: `T001`, `T-1`, `step-3`, `auth_2.1`. */
const ID_SHAPE = /^[A-Za-z]+[-_.]?\d+(?:[-_.]\d+)*$/;

export interface LeadingId {
  id: string;
  /** Offset of the id in the text. */
  offset: number;
  /** Offset where the title starts. */
  restOffset: number;
}

/**
 * Reads `T001: title`, `T001 — title`, `T001 - title` or `T001 title`. A word before an
 * explicit separator needs a digit to count as an id; a bare word needs the id shape, so
 * `Phase 1: Setup` and `Write docs` are not tasks.
 */
export function leadingId(text: string): LeadingId | undefined {
  const lead = leadingSpace(text);
  if (hasWordAt(text, lead, 'task')) {
    const found = taskNumber(text, lead);
    if (found !== undefined) return found;
  }
  return idWord(text, lead);
}

/** `Task 3: title` is task-3; `Task T001: title` is T001. */
function taskNumber(text: string, lead: number): LeadingId | undefined {
  const taskWord = /^task[ \t]+/i.exec(text.slice(lead));
  if (taskWord === null) return undefined;
  const rest = text.slice(lead + taskWord[0].length);
  const n = /^(\d+)(?:[ \t]*[:—–.][ \t]*|[ \t]+-[ \t]+)/.exec(rest);
  if (n !== null)
    return {
      id: `task-${Number(n[1])}`,
      offset: lead,
      restOffset: lead + taskWord[0].length + n[0].length,
    };
  const inner = leadingId(rest);
  if (inner === undefined) return undefined;
  const shift = lead + taskWord[0].length;
  return { id: inner.id, offset: inner.offset + shift, restOffset: inner.restOffset + shift };
}

/**
 * The pattern `^([^\s:—–[\]()]+)(?:([ \t]*[:—–][ \t]*|[ \t]+-[ \t]+)|[ \t]+|$)` from
 * `lead`, by hand (every heading goes through it); the second group is the explicit separator.
 */
function idWord(text: string, lead: number): LeadingId | undefined {
  let end = lead;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  if (end === lead) return undefined;
  const gap = leadingSpace(text, end);
  let restOffset: number;
  let explicit = true;
  if (isSeparator(text.charCodeAt(gap))) {
    restOffset = leadingSpace(text, gap + 1);
  } else if (gap > end && text.charCodeAt(gap) === 45 && leadingSpace(text, gap + 1) > gap + 1) {
    restOffset = leadingSpace(text, gap + 1);
  } else if (gap > end || end === text.length) {
    restOffset = gap;
    explicit = false;
  } else {
    return undefined;
  }
  const word = text.slice(lead, end);
  if (explicit ? !hasDigitAfterLetter(text, lead, end) : !ID_SHAPE.test(word)) return undefined;
  return { id: word, offset: lead, restOffset };
}

function isWordChar(c: number): boolean {
  return !isSpaceChar(c) && !isSeparator(c) && c !== 91 && c !== 93 && c !== 40 && c !== 41;
}

/** `:`, `—` or `–`. */
function isSeparator(c: number): boolean {
  return c === 58 || c === 0x2014 || c === 0x2013;
}

/** `^[A-Za-z].*\d` on the word from `start` to `end` (it holds no line terminator). */
function hasDigitAfterLetter(text: string, start: number, end: number): boolean {
  if (!isAsciiLetter(text.charCodeAt(start))) return false;
  for (let i = start + 1; i < end; i++) if (isDigit(text.charCodeAt(i))) return true;
  return false;
}

export interface Tag {
  /** `P`, `P1`, `P7`, … as written. */
  tag: string;
  offset: number;
}

const NO_TAGS: Tag[] = [];

/**
 * Takes `[P]` and `[P1]` tags out of a line, replacing them with spaces so every other
 * offset in the line still points at the same column.
 */
export function maskTags(text: string): { masked: string; tags: Tag[] } {
  if (!text.includes('[')) return { masked: text, tags: NO_TAGS };
  const tags: Tag[] = [];
  const masked = text.replace(/\[([Pp]\d*)\]/g, (whole, tag: string, offset: number) => {
    tags.push({ tag, offset });
    return ' '.repeat(whole.length);
  });
  return { masked, tags };
}
