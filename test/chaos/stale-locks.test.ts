/**
 * A weft killed with SIGKILL while taking a lock leaves its temp file behind;
 * the next weft removes those of dead processes (and only those).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withRepoLock } from '../../src/git/repo-lock.js';
import { acquireRunLock } from '../../src/journal/run-lock.js';
import { createSession } from '../../src/journal/session.js';
import { SessionRecorder } from '../../src/journal/session-recorder.js';
import { makeTempDir } from '../support/repo.js';

let dir: string;
beforeEach(() => {
  dir = makeTempDir('weft-locks-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

describe('temp files of a killed weft', () => {
  it('the repository lock removes weft.lock temp files of dead processes, keeps live ones', async () => {
    const dead = deadPid();
    writeFileSync(join(dir, `weft.lock.${dead}.abc123`), `${dead}\n${hostname()}\n2026-01-01T00:00:00Z\n`);
    writeFileSync(join(dir, `weft.lock.stale.${dead}`), `${dead}\n${hostname()}\n2026-01-01T00:00:00Z\n`);
    writeFileSync(join(dir, `weft.lock.${dead}.killedmidwrite`), '');
    writeFileSync(join(dir, `weft.lock.${dead}.otherhost`), `${dead}\nanother-host\n2026-01-01T00:00:00Z\n`);
    const live = `weft.lock.${process.ppid}.def456`;
    writeFileSync(join(dir, live), `${process.ppid}\n${hostname()}\n2026-01-01T00:00:00Z\n`);
    await withRepoLock(dir, async () => undefined);
    expect(readdirSync(dir).sort()).toEqual([`weft.lock.${dead}.otherhost`, live].sort());
  });

  it('the run lock removes session.lock temp files of dead processes', async () => {
    const dead = deadPid();
    mkdirSync(join(dir, '.weft'));
    const tmp = join(dir, '.weft', `session.lock.${dead}.a1b2c3.tmp`);
    const info = { pid: dead, host: hostname(), startedAt: '2026-01-01T00:00:00Z', runId: 'x' };
    writeFileSync(tmp, JSON.stringify(info));
    const lock = await acquireRunLock(dir, { runId: '20260101-000000-abcd' });
    await lock.release();
    expect(existsSync(tmp)).toBe(false);
    expect(readdirSync(join(dir, '.weft'))).toEqual([]);
  });

  it('the session recorder removes snapshot temp files a killed weft left (lock files, state.md, messages)', async () => {
    const dead = deadPid();
    const session = await createSession(dir, { runId: '20260101-000000-abcd' });
    mkdirSync(join(session.paths.messages, 'worker-1'));
    const left = [
      join(session.paths.locks, `3eef580036f1724a.lock.${dead}.582357.tmp`),
      join(session.dir, `state.md.${dead}.c45a4d.tmp`),
      join(session.paths.messages, 'worker-1', `inbox.json.${dead}.a1b2c3.tmp`),
    ];
    const live = join(session.dir, `progress.txt.${process.ppid}.d4e5f6.tmp`);
    for (const f of [...left, live]) writeFileSync(f, '');
    const recorder = await SessionRecorder.open(session);
    await recorder.close();
    for (const f of left) expect(existsSync(f), f).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
