import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionError } from '../../../src/errors.js';
import { Journal } from '../../../src/journal/journal.js';
import { replay } from '../../../src/journal/replay.js';
import { PLAN_STARTED, stampAll, tempDirs } from './helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const events = stampAll([
  PLAN_STARTED,
  { type: 'task.ready', taskId: 'T001' },
  {
    type: 'task.started',
    taskId: 'T001',
    workerId: 'worker-1',
    attempt: 1,
    branch: 'weft/r/T001',
    baseCommit: 'b',
  },
]);

describe('Journal', () => {
  it('appends one JSON line per event and replays them in order', async () => {
    const path = join(dirs.make(), 'events.jsonl');
    const j = await Journal.open(path);
    for (const e of events) await j.append(e);
    await j.close();
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')).toHaveLength(events.length + 1);
    expect(text.endsWith('\n')).toBe(true);
    const r = await replay(path);
    expect(r.events).toEqual(events);
    expect(r.warnings).toEqual([]);
    expect(r.lastSeq).toBe(3);
  });

  it('writes appends made in the same tick with one write and one fsync', async () => {
    const path = join(dirs.make(), 'events.jsonl');
    const j = await Journal.open(path);
    const many = stampAll(
      Array.from({ length: 50 }, () => ({ type: 'task.ready' as const, taskId: 'T001' })),
    );
    await Promise.all(many.map((e) => j.append(e)));
    expect(j.writeCount).toBe(1);
    // Appends arriving while a write is in flight go into the next write together.
    const first = j.append(many[0]!);
    await Promise.resolve();
    const rest = many.slice(1, 10).map((e) => j.append(e));
    await Promise.all([first, ...rest]);
    expect(j.writeCount).toBe(3);
    await j.close();
    expect((await replay(path)).events).toHaveLength(60);
  });

  it('ignores a torn last line with a warning, and cuts it off before appending again', async () => {
    const path = join(dirs.make(), 'events.jsonl');
    const lines = events.map((e) => JSON.stringify(e)).join('\n');
    writeFileSync(path, `${lines}\n{"seq":4,"time":"2026-11-21T19:3`);
    const r = await replay(path);
    expect(r.events).toHaveLength(3);
    expect(r.warnings).toEqual([expect.stringMatching(/events\.jsonl:4: ignoring a torn last line/)]);

    const j = await Journal.open(path);
    expect(j.repair).toEqual({ action: 'truncated-torn-line', removed: 32 });
    const [next] = stampAll([{ type: 'task.ready', taskId: 'T002' }], 3);
    await j.append(next!);
    await j.close();
    const again = await replay(path);
    expect(again.warnings).toEqual([]);
    expect(again.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('keeps a complete last line that only lacks its newline', async () => {
    const path = join(dirs.make(), 'events.jsonl');
    writeFileSync(path, events.map((e) => JSON.stringify(e)).join('\n'));
    expect((await replay(path)).events).toHaveLength(3);
    const j = await Journal.open(path);
    expect(j.repair.action).toBe('terminated-last-line');
    await j.append(stampAll([{ type: 'task.ready', taskId: 'T002' }], 3)[0]!);
    await j.close();
    expect((await replay(path)).events).toHaveLength(4);
  });

  it('treats zero bytes left by a crash at the end as a torn line', async () => {
    const path = join(dirs.make(), 'events.jsonl');
    writeFileSync(path, `${JSON.stringify(events[0])}\n${'\0'.repeat(512)}`);
    const r = await replay(path);
    expect(r.events).toHaveLength(1);
    const j = await Journal.open(path);
    expect(j.repair.action).toBe('truncated-torn-line');
    await j.close();
  });

  it('refuses a journal damaged in the middle, naming the line', async () => {
    const path = join(dirs.make(), 'events.jsonl');
    const lines = events.map((e) => JSON.stringify(e));
    lines[1] = '{"seq":2,"time":"x","type":"task.ready"'; // cut
    writeFileSync(path, `${lines.join('\n')}\n`);
    const err = await replay(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionError);
    expect((err as SessionError).message).toMatch(/events\.jsonl:2: corrupt journal line/);

    writeFileSync(path, `${JSON.stringify(events[0])}\n{"no":"seq"}\n${JSON.stringify(events[2])}\n`);
    await expect(replay(path)).rejects.toThrow(/:2: corrupt journal line: not an event/);
  });

  it('reports a missing journal as a SessionError', async () => {
    await expect(replay(join(dirs.make(), 'nope.jsonl'))).rejects.toThrow(/no journal at/);
  });

  it('turns a failed write (disk full) into a SessionError, for this and every later append', async () => {
    const j = await Journal.open('/dev/full');
    const err = await j.append(events[0]!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionError);
    expect((err as SessionError).message).toMatch(/cannot write \/dev\/full \(ENOSPC\)/);
    await expect(j.append(events[1]!)).rejects.toBe(err);
    await expect(j.flush()).rejects.toBe(err);
    await j.close();
  });
});
