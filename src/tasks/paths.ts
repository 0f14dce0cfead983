/** File paths in a task file: repo-relative, POSIX, and never pointing outside the repo. */
import { isAsciiLetter, isDigit } from './chars.js';

/**
 * Already normal (most paths; skips the slow path): relative segments, none empty, `.`
 * or `..`. By hand, the pattern `^(?:\.?[\w@+-][\w@+,=.-]*\/)*\.?[\w@+-][\w@+,=.-]*$`.
 */
export function isPlainPath(path: string): boolean {
  const n = path.length;
  let i = 0;
  for (;;) {
    if (i < n && path.charCodeAt(i) === 46) i++;
    if (i >= n || !startsSegment(path.charCodeAt(i))) return false;
    i++;
    while (i < n && inSegment(path.charCodeAt(i))) i++;
    if (i === n) return true;
    if (path.charCodeAt(i) !== 47) return false;
    i++;
  }
}

/** `[\w@+-]` */
function startsSegment(c: number): boolean {
  return isAsciiLetter(c) || isDigit(c) || c === 95 || c === 64 || c === 43 || c === 45;
}

/** `[\w@+,=.-]` */
function inSegment(c: number): boolean {
  return startsSegment(c) || c === 44 || c === 61 || c === 46;
}

export interface PathProblem {
  kind: 'bad-path' | 'absolute-path' | 'path-escapes-repo';
  message: string;
}

/**
 * Normalises `./a/../b\c.ts` to `b/c.ts`, or says why the path cannot be used.
 * Backslashes count as separators so a Windows-style path means the same file.
 * A usable path comes back as a plain string (no object for the common case).
 */
export function checkRepoPath(raw: string): string | PathProblem {
  if (isPlainPath(raw) && !isInGitDir(raw)) return raw;
  if (raw.trim() === '') return { kind: 'bad-path', message: 'empty file path' };
  if (/[\0\r\n]/.test(raw)) {
    return {
      kind: 'bad-path',
      message: `file path ${JSON.stringify(raw)} contains a NUL or newline`,
    };
  }
  const slashed = raw.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed) || slashed.startsWith('~/')) {
    return {
      kind: 'absolute-path',
      message: `file path ${raw} is absolute; write it relative to the repository root`,
    };
  }
  const parts: string[] = [];
  for (const part of slashed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) {
        return {
          kind: 'path-escapes-repo',
          message: `file path ${raw} points outside the repository`,
        };
      }
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  if (parts.length === 0) {
    return { kind: 'bad-path', message: `file path ${raw} names the repository root, not a file` };
  }
  if (parts[0] === '.git') {
    return { kind: 'bad-path', message: `file path ${raw} is inside .git` };
  }
  return parts.join('/');
}

/** `^\.git(?:\/|$)`. */
function isInGitDir(path: string): boolean {
  return path.startsWith('.git') && (path.length === 4 || path.charCodeAt(4) === 47);
}
