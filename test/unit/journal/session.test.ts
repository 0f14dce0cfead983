import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionError } from '../../../src/errors.js';
import { isRunId, newRunId, runIdTime } from '../../../src/journal/run-id.js';
import {
  createSession,
  findSession,
  listSessionDirs,
  openSession,
  SESSIONS_DIR,
} from '../../../src/journal/session.js';
import { tempDirs } from './helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('run ids', () => {
  it('are UTC time then random hex, and sort by start time', () => {
    const id = newRunId(new Date('2026-11-21T19:30:12.345Z'), () => 'ab12');
    expect(id).toBe('20261121-193012-ab12');
    expect(isRunId(id)).toBe(true);
    expect(runIdTime(id)?.toISOString()).toBe('2026-11-21T19:30:12.000Z');
    const later = newRunId(new Date('2026-11-21T19:30:13Z'), () => '0000');
    expect([later, id].sort()).toEqual([id, later]);
    expect(isRunId('../etc')).toBe(false);
  });
});

describe('session workspace', () => {
  it('creates .weft/sessions/<run-id>/ with messages/, locks/ and an empty journal', async () => {
    const repo = dirs.make();
    const s = await createSession(repo, { now: new Date('2026-11-21T19:30:12Z') });
    expect(s.dir).toBe(join(repo, SESSIONS_DIR, s.runId));
    expect(s.runId).toMatch(/^20261121-193012-[0-9a-f]{4}$/);
    expect(s.repoTop).toBe(repo);
    expect(readdirSync(s.dir).sort()).toEqual(['events.jsonl', 'locks', 'messages']);
    expect(statSync(s.paths.events).size).toBe(0);
  });

  it('gives sessions started in the same second different ids', async () => {
    const repo = dirs.make();
    const now = new Date('2026-11-21T19:30:12Z');
    const ids = await Promise.all(Array.from({ length: 10 }, () => createSession(repo, { now })));
    expect(new Set(ids.map((s) => s.runId)).size).toBe(10);
    expect((await listSessionDirs(repo)).map((s) => s.runId)).toEqual(ids.map((s) => s.runId).sort());
  });

  it('refuses an explicit run id that already exists', async () => {
    const repo = dirs.make();
    await createSession(repo, { runId: '20261121-193012-ab12' });
    await expect(createSession(repo, { runId: '20261121-193012-ab12' })).rejects.toThrow(/already exists/);
  });

  it('stops with a clear SessionError when the session folder cannot be written', async () => {
    const repo = dirs.make();
    writeFileSync(join(repo, '.weft'), 'a file where the folder should be');
    const err = await createSession(repo).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionError);
    expect((err as SessionError).message).toMatch(
      /cannot write .*\.weft\/sessions \((ENOTDIR|EEXIST)\): the session folder is not writable/,
    );
    expect((err as SessionError).exitCode).toBe(8);
  });

  it('opens an existing session and refuses a folder that is not one', async () => {
    const repo = dirs.make();
    const s = await createSession(repo);
    expect((await openSession(s.dir)).runId).toBe(s.runId);
    expect((await findSession(repo, s.runId)).dir).toBe(s.dir);
    const other = join(repo, 'other');
    mkdirSync(other);
    await expect(openSession(other)).rejects.toThrow(/is not a weft session/);
    await expect(findSession(repo, '../../etc')).rejects.toThrow(/is not a run id/);
    expect(existsSync(join(repo, SESSIONS_DIR))).toBe(true);
    expect(await listSessionDirs(dirs.make())).toEqual([]);
  });
});
