import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureExcluded } from '../../../src/git/exclude.js';
import { resolveRepo } from '../../../src/git/repo-paths.js';
import { createWorktree } from '../../../src/git/worktree.js';
import { commitLeftovers, currentBranch } from '../../../src/workers/leftovers.js';
import { makeRepo, type TestRepo } from '../../support/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('commitLeftovers', () => {
  it("commits the agent's uncommitted work except the files weft put there", async () => {
    const r = makeRepo();
    repos.push(r);
    const paths = await resolveRepo(r.dir);
    const wt = await createWorktree(paths, { branch: 'left' });
    expect(await commitLeftovers(wt.path, 'nothing')).toBe(false);
    await ensureExcluded(paths, ['/.weft-plan.md']);
    writeFileSync(join(wt.path, '.weft-plan.md'), '- [ ] x');
    writeFileSync(join(wt.path, '.env'), 'SECRET=1');
    writeFileSync(join(wt.path, 'work.txt'), 'done');
    writeFileSync(join(wt.path, 'README.md'), 'edited');
    expect(await commitLeftovers(wt.path, 'weft: leftovers', ['.env', '.weft-plan.md'])).toBe(true);
    expect(r.git('show', '--name-only', '--format=%s', 'left').split('\n')).toEqual([
      'weft: leftovers',
      '',
      'README.md',
      'work.txt',
    ]);
    expect(r.git('-C', wt.path, 'status', '--porcelain')).toBe('?? .env');
  });

  it('commits even when the repository has no identity configured', async () => {
    const r = makeRepo();
    repos.push(r);
    r.git('config', '--unset', 'user.name');
    r.git('config', '--unset', 'user.email');
    const wt = await createWorktree(await resolveRepo(r.dir), { branch: 'anon' });
    writeFileSync(join(wt.path, 'x.txt'), 'x');
    const env = { ...process.env };
    for (const k of [
      'GIT_AUTHOR_NAME',
      'GIT_AUTHOR_EMAIL',
      'GIT_COMMITTER_NAME',
      'GIT_COMMITTER_EMAIL',
      'EMAIL',
    ]) {
      delete process.env[k];
    }
    const home = process.env.HOME;
    process.env.HOME = r.dir;
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    try {
      expect(await commitLeftovers(wt.path, 'anon')).toBe(true);
    } finally {
      process.env = env;
      process.env.HOME = home;
    }
  });
});

describe('currentBranch', () => {
  it("reads the worktree's branch without git, and undefined when detached", async () => {
    const r = makeRepo();
    repos.push(r);
    const wt = await createWorktree(await resolveRepo(r.dir), { branch: 'feature/x' });
    expect(await currentBranch(wt.path)).toBe('feature/x');
    expect(await currentBranch(r.dir)).toBe('main');
    r.git('-C', wt.path, 'checkout', '-q', '--detach');
    expect(await currentBranch(wt.path)).toBeUndefined();
  });
});
