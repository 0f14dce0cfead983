/** File paths in a task file: repo-relative, POSIX, and never pointing outside the repo. */

/** Already normal: relative segments, none empty, `.` or `..` (most paths; skips the slow path). */
const PLAIN_PATH = /^(?:\.?[\w@+-][\w@+,=.-]*\/)*\.?[\w@+-][\w@+,=.-]*$/;

export type PathCheck =
  | { ok: true; path: string }
  | { ok: false; kind: 'bad-path' | 'absolute-path' | 'path-escapes-repo'; message: string };

/**
 * Normalises `./a/../b\c.ts` to `b/c.ts`, or says why the path cannot be used.
 * Backslashes count as separators so a Windows-style path means the same file.
 */
export function checkRepoPath(raw: string): PathCheck {
  if (PLAIN_PATH.test(raw) && !/^\.git(?:\/|$)/.test(raw)) return { ok: true, path: raw };
  if (raw.trim() === '') return { ok: false, kind: 'bad-path', message: 'empty file path' };
  if (/[\0\r\n]/.test(raw)) {
    return {
      ok: false,
      kind: 'bad-path',
      message: `file path ${JSON.stringify(raw)} contains a NUL or newline`,
    };
  }
  const slashed = raw.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed) || slashed.startsWith('~/')) {
    return {
      ok: false,
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
          ok: false,
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
    return { ok: false, kind: 'bad-path', message: `file path ${raw} names the repository root, not a file` };
  }
  if (parts[0] === '.git') {
    return { ok: false, kind: 'bad-path', message: `file path ${raw} is inside .git` };
  }
  return { ok: true, path: parts.join('/') };
}
