import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupWorkers } from '../../../src/workers/cleanup.js';
import { spawnWorker } from '../../../src/workers/spawn.js';
import { makeRepo, type TestRepo } from '../../support/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('cleanupWorkers', () => {
  it('keeps a branch whose commits exist nowhere else, listing them, and removes it once merged', async () => {
    const r = makeRepo();
    repos.push(r);
    await spawnWorker({ cwd: r.dir, branch: 'w', task: 'echo 1 > one.txt' });
    const kept = await cleanupWorkers({ cwd: r.dir });
    expect(kept.removed).toEqual([]);
    expect(kept.refused).toMatchObject([{ code: 'E_UNMERGED', id: 'w' }]);
    expect(kept.refused[0]?.details[0]).toBe(r.git('log', '--oneline', '--no-decorate', '-1', 'w'));
    // Merged into any other branch counts: the commits would survive.
    r.git('branch', 'keep', 'w');
    const done = await cleanupWorkers({ cwd: r.dir, worker: 'w' });
    expect(done.removed).toMatchObject([{ id: 'w', branch: 'w', droppedCommits: [] }]);
    expect(r.branches()).toEqual(['keep', 'main']);
  });

  it('keeps a worktree with uncommitted changes (but not for the files weft put there) unless forced', async () => {
    const r = makeRepo({ '.gitignore': '' });
    repos.push(r);
    r.write('.env', 'X=1');
    const { record } = await spawnWorker({ cwd: r.dir, branch: 'd', task: 'true' });
    expect((await cleanupWorkers({ cwd: r.dir })).removed.map((x) => x.id)).toEqual(['d']);

    const second = await spawnWorker({ cwd: r.dir, branch: 'e', task: 'true' });
    writeFileSync(join(second.record.worktree, 'later.txt'), 'edited after the agent');
    const kept = await cleanupWorkers({ cwd: r.dir });
    expect(kept.refused).toMatchObject([
      { code: 'E_UNCOMMITTED', details: ['?? later.txt', 'use --force to discard them'] },
    ]);
    const forced = await cleanupWorkers({ cwd: r.dir, force: true });
    expect(forced.removed.map((x) => x.id)).toEqual(['e']);
    expect(r.branches()).toEqual(['main']);
    void record;
  });

  it('forgets entries whose worktree and branch are already gone, and never touches other branches', async () => {
    const r = makeRepo();
    repos.push(r);
    const { record } = await spawnWorker({ cwd: r.dir, branch: 'gone', task: 'true' });
    r.git('worktree', 'remove', '--force', record.worktree);
    r.git('branch', '-D', 'gone');
    r.git('branch', 'users-own');
    const claimed = join(r.dir, '.weft/workers/crashed-claim.json');
    writeFileSync(claimed, '');
    utimesSync(claimed, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    writeFileSync(join(r.dir, '.weft/workers/registering-now.json'), '');
    const report = await cleanupWorkers({ cwd: r.dir, force: true });
    expect(report.pruned).toEqual(['gone', 'crashed-claim']);
    expect(existsSync(join(r.dir, '.weft/workers/registering-now.json'))).toBe(true);
    expect(r.branches()).toEqual(['main', 'users-own']);
  });
});
