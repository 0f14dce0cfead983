/** File paths in a task file: repo-relative, POSIX, and never pointing outside the repo. */

/** Already normal: relative segments, none empty, `.` or `..` (most paths; skips the slow path). */
const PLAIN_PATH = /^(?:\.?[\w@+-][\w@+,=.-]*\/)*\.?[\w@+-][\w@+,=.-]*$/;

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
  if (PLAIN_PATH.test(raw) && !/^\.git(?:\/|$)/.test(raw)) return raw;
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
