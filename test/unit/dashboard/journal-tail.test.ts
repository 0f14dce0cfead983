import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalTail } from '../../../src/dashboard/journal-tail.js';
import { lastLines } from '../../../src/dashboard/log-tail.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-tail-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const line = (seq: number, type = 'task.ready'): string =>
  `${JSON.stringify({ seq, time: '2026-01-01T00:00:00.000Z', type, taskId: `T${seq}` })}\n`;

describe('JournalTail', () => {
  it('reads only what was appended, and waits for a line to be complete', async () => {
    const path = join(dir, 'events.jsonl');
    const tail = new JournalTail(path);
    expect(await tail.read()).toEqual({ events: [], reset: false }); // no file yet
    writeFileSync(path, line(1) + line(2));
    expect((await tail.read()).events.map((e) => e.seq)).toEqual([1, 2]);
    const third = line(3);
    appendFileSync(path, third.slice(0, 10));
    expect((await tail.read()).events).toEqual([]);
    appendFileSync(path, third.slice(10) + line(4));
    expect((await tail.read()).events.map((e) => e.seq)).toEqual([3, 4]);
  });

  it('starts over when the file got shorter', async () => {
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, line(1) + line(2));
    const tail = new JournalTail(path);
    await tail.read();
    truncateSync(path, line(1).length);
    expect(await tail.read()).toMatchObject({ reset: true, events: [{ seq: 1 }] });
  });

  it('skips lines that are not events', async () => {
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, `not json\n{"a":1}\n${line(5)}`);
    expect((await new JournalTail(path).read()).events.map((e) => e.seq)).toEqual([5]);
  });
});

describe('lastLines', () => {
  it('returns the last lines without terminal codes, cut to a readable length', async () => {
    const path = join(dir, 'T1.1.log');
    writeFileSync(path, `one\n\u001b[31mtwo\u001b[0m\n\nthree ${'x'.repeat(300)}\n`);
    const lines = await lastLines(path, 2, 20);
    expect(lines).toEqual(['two', `three ${'x'.repeat(13)}…`]);
    expect(await lastLines(join(dir, 'missing.log'), 3)).toEqual([]);
  });
});
