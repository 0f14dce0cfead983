import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveRepo } from '../../../src/git/repo-paths.js';
import { livenessOf } from '../../../src/workers/liveness.js';
import { processRef } from '../../../src/workers/process-identity.js';
import type { WorkerRecord } from '../../../src/workers/record.js';
import { WorkerRegistry } from '../../../src/workers/registry.js';
import { makeRepo, type TestRepo } from '../../support/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

async function registry(): Promise<WorkerRegistry> {
  const r = makeRepo();
  repos.push(r);
  return new WorkerRegistry(await resolveRepo(r.dir));
}

function record(id: string, extra: Partial<WorkerRecord> = {}): WorkerRecord {
  return {
    version: 1,
    id,
    branch: id,
    worktree: `/tmp/${id}`,
    baseRef: 'HEAD',
    baseCommit: 'a'.repeat(40),
    agent: 'shell',
    task: 't',
    planSteps: [],
    state: 'running',
    startedAt: new Date().toISOString(),
    heartbeatAt: new Date().toISOString(),
    owner: processRef(process.pid),
    port: 4000,
    usage: {},
    logFile: `/tmp/${id}.log`,
    weftFiles: [],
    ...extra,
  };
}

describe('WorkerRegistry', () => {
  it('claims distinct ids derived from the branch', async () => {
    const reg = await registry();
    expect(await reg.claimId('worker/my task')).toBe('worker-my-task');
    expect(await reg.claimId('worker/my task')).toBe('worker-my-task-2');
    expect(await reg.claimId('..')).toBe('worker');
  });

  it('writes and reads records; lists only valid ones, oldest first', async () => {
    const reg = await registry();
    await reg.write(record('b', { startedAt: '2030-01-02T00:00:00.000Z' }));
    await reg.write(record('a', { startedAt: '2030-01-01T00:00:00.000Z' }));
    await reg.claimId('claimed-but-empty');
    writeFileSync(reg.files('corrupt').record, '{"version": 1, "id": ');
    expect((await reg.list()).map((r) => r.id)).toEqual(['a', 'b']);
    await reg.write(record('c', { state: 'done', task: '"state": "running"' }));
    expect((await reg.listRunning()).map((r) => r.id)).toEqual(['a', 'b']);
    expect((await reg.read('a'))?.branch).toBe('a');
    await reg.remove('a');
    expect(await reg.read('a')).toBeUndefined();
  });

  it('reports a running worker whose owner is gone as lost', async () => {
    const reg = await registry();
    expect(livenessOf(record('mine')).lost).toBe(false);
    const dead = record('dead', { owner: { pid: 2 ** 22 + 12345 } });
    expect(livenessOf(dead)).toMatchObject({ lost: true, ownerAlive: false, agentAlive: false });
    // A recycled pid (same number, other start time) is not the owner either.
    const recycled = record('recycled', { owner: { pid: process.pid, startTime: '1' } });
    expect(livenessOf(recycled).lost).toBe(true);
    expect(livenessOf(record('done', { state: 'done', owner: { pid: 2 ** 22 + 1 } })).lost).toBe(false);
    void reg;
  });
});
