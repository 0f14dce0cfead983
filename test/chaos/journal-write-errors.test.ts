/**
 * A journal write that fails part-way (disk full, file too large) must leave
 * the journal exactly as it was before that write: no half line, no event on
 * disk whose append was reported as failed, every reported one there.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/replay.js';
import { makeTempDir } from '../support/repo.js';

const SCRIPT = fileURLToPath(new URL('./fixtures/journal-until-full.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = makeTempDir('weft-journal-full-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a journal on a full disk', () => {
  it.each([1, 2, 3])('a write cut short (limit %i KiB) is rolled back, and reported', (kib) => {
    const path = join(dir, 'events.jsonl');
    const out = execFileSync(
      '/bin/sh',
      ['-c', `ulimit -f ${kib * 2}; exec "$0" --import "$1" "$2" "$3"`, process.execPath, TSX, SCRIPT, path],
      { encoding: 'utf8' },
    );
    const { resolved, error } = JSON.parse(out) as { resolved: number[]; error: string };
    expect(error).toMatch(/events\.jsonl.*(EFBIG|ENOSPC)/);
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const { events, warnings } = parseJournal(text, path);
    expect(warnings).toEqual([]);
    expect(events.map((e) => e.seq)).toEqual(resolved);
  });
});
