import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../../src/errors.js';
import { listSessions } from '../../../src/journal/list-sessions.js';
import { acquireRunLock, readRunLock, runLockPath } from '../../../src/journal/run-lock.js';
import { createSession } from '../../../src/journal/session.js';
import { SessionRecorder } from '../../../src/journal/session-recorder.js';
import { PLAN_STARTED, stampAll, tempDirs } from './helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

function writeLock(repo: string, info: Record<string, unknown>): void {
  mkdirSync(join(repo, '.weft'), { recursive: true });
  writeFileSync(
    runLockPath(repo),
    JSON.stringify({ host: hostname(), startedAt: 'earlier', runId: 'old-run', ...info }),
  );
}

describe('run lock', () => {
  it('makes a second run in the same repository refuse, naming the running session', async () => {
    const repo = dirs.make();
    const lock = await acquireRunLock(repo, { runId: '20261121-193012-ab12', sessionDir: '/s' });
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({
      pid: process.pid,
      runId: '20261121-193012-ab12',
    });
    const err = await acquireRunLock(repo, { runId: '20261121-193013-cd34' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).code).toBe('E_RUN_LOCKED');
    expect((err as RefusedError).message).toMatch(
      /another weft run is in progress in this repository: session 20261121-193012-ab12 \(pid \d+/,
    );
    expect((err as RefusedError).details).toContain('its session folder: /s');
    await lock.release();
    expect(existsSync(lock.path)).toBe(false);
    await (await acquireRunLock(repo, { runId: 'again' })).release();
  });

  it('lets exactly one of several simultaneous runs take the lock', async () => {
    const repo = dirs.make();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => acquireRunLock(repo, { runId: `run-${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('takes over a lock whose process is gone', async () => {
    const repo = dirs.make();
    const dead = spawnSync('true').pid;
    writeLock(repo, { pid: dead });
    expect((await readRunLock(repo))?.live).toBe(false);
    const lock = await acquireRunLock(repo, { runId: 'new-run' });
    expect(lock.info.runId).toBe('new-run');
    await lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (pid reuse)', async () => {
    const repo = dirs.make();
    writeLock(repo, { pid: process.pid, procStart: '1' });
    expect((await readRunLock(repo))?.live).toBe(false);
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => acquireRunLock(repo, { runId: `run-${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('treats a lock from another host as live (it cannot be checked)', async () => {
    const repo = dirs.make();
    writeLock(repo, { pid: 1, host: 'elsewhere.invalid' });
    await expect(acquireRunLock(repo, { runId: 'x' })).rejects.toThrow(/session old-run/);
  });
});

describe('listSessions', () => {
  it('tells running, interrupted, finished and unreadable sessions apart', async () => {
    const repo = dirs.make();
    const record = async (runId: string, extra: Parameters<typeof stampAll>[0]): Promise<void> => {
      const s = await createSession(repo, { runId });
      const rec = await SessionRecorder.open(s);
      for (const e of stampAll([{ ...PLAN_STARTED, runId } as (typeof extra)[number], ...extra]))
        await rec.record(e);
      await rec.close();
    };
    await record('20261121-100000-aaaa', [
      {
        type: 'run.finished',
        summary: {
          total: 5,
          merged: 5,
          failed: 0,
          skipped: 0,
          conflicted: 0,
          durationMs: 1,
          workersUsed: 1,
          parallelism: 1,
          usage: {},
          integrationBranch: 'weft/x',
          unmergedBranches: [],
        },
      },
    ]);
    await record('20261121-110000-bbbb', [{ type: 'run.stopped', reason: 'interrupted', critical: false }]);
    await record('20261121-120000-cccc', []);
    const broken = await createSession(repo, { runId: '20261121-130000-dddd' });
    writeFileSync(broken.paths.events, 'garbage\n{"also":"garbage"}\n');
    const lock = await acquireRunLock(repo, { runId: '20261121-120000-cccc' });

    const list = await listSessions(repo);
    expect(list.map((s) => [s.runId, s.status])).toEqual([
      ['20261121-100000-aaaa', 'finished'],
      ['20261121-110000-bbbb', 'interrupted'],
      ['20261121-120000-cccc', 'running'],
      ['20261121-130000-dddd', 'unreadable'],
    ]);
    expect(list[1]).toMatchObject({
      taskFile: 'tasks.md',
      stopped: { reason: 'interrupted', critical: false },
    });
    expect(list[0]?.counts).toEqual({ total: 5, merged: 1 });
    expect(list[3]?.problem).toMatch(/events\.jsonl:1: corrupt journal line/);
    await lock.release();
  });
});
