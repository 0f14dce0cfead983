import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitWriter } from '../../../src/git/commit-writer.js';
import { ensureExcluded } from '../../../src/git/exclude.js';
import { resolveRepo } from '../../../src/git/repo-paths.js';
import { createWorktree } from '../../../src/git/worktree.js';
import { commitLeftovers, commitLeftoversSince, currentBranch } from '../../../src/workers/leftovers.js';
import { makeRepo, type TestRepo } from '../../support/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('commitLeftovers', () => {
  it.each([
    ['git commit', false],
    ['plumbing, the parent known', true],
  ])("commits the agent's uncommitted work except the files weft put there (%s)", async (_, known) => {
    const r = makeRepo();
    repos.push(r);
    const paths = await resolveRepo(r.dir);
    const wt = await createWorktree(paths, { branch: 'left' });
    const parent = (): string | undefined => (known ? r.git('rev-parse', 'left') : undefined);
    const before = r.git('rev-parse', 'left');
    expect(await commitLeftovers(wt.path, 'nothing', [], parent())).toBe(false);
    expect(r.git('rev-parse', 'left')).toBe(before);
    await ensureExcluded(paths, ['/.weft-plan.md']);
    writeFileSync(join(wt.path, '.weft-plan.md'), '- [ ] x');
    writeFileSync(join(wt.path, '.env'), 'SECRET=1');
    writeFileSync(join(wt.path, 'work.txt'), 'done');
    writeFileSync(join(wt.path, 'README.md'), 'edited');
    expect(
      await commitLeftovers(wt.path, 'weft: leftovers\n\nbody', ['.env', '.weft-plan.md'], parent()),
    ).toBe(true);
    expect(r.git('show', '--name-only', '--format=%s', 'left').split('\n')).toEqual([
      'weft: leftovers',
      '',
      'README.md',
      'work.txt',
    ]);
    expect(r.git('rev-parse', 'left^')).toBe(before);
    expect(r.git('-C', wt.path, 'status', '--porcelain')).toBe('?? .env');
    expect(r.git('reflog', '-1', '--format=%gs', 'left')).toBe('commit: weft: leftovers');
  });

  it.each([
    ['the diff decides', false, false],
    ["the base's tree given", true, false],
    ['the commit written through the helper', true, true],
  ])(
    'since the parent itself: commits only when something changed, and reads the changes in the same pass (%s)',
    async (_, treeKnown, helper) => {
      const r = makeRepo();
      repos.push(r);
      const wt = await createWorktree(await resolveRepo(r.dir), { branch: 'since' });
      const base = r.git('rev-parse', 'since');
      const writer = helper ? new CommitWriter(r.dir) : undefined;
      const known = { sinceTree: treeKnown ? r.git('rev-parse', 'since^{tree}') : undefined, writer };
      expect(await commitLeftoversSince(wt.path, 'nothing', [], base, base, known)).toEqual({
        committed: false,
        nameStatus: '',
      });
      expect(r.git('rev-parse', 'since')).toBe(base);
      writeFileSync(join(wt.path, 'new.txt'), 'new');
      const r2 = await commitLeftoversSince(wt.path, 'weft: leftovers', [], base, base, known);
      await writer?.close();
      expect(r2).toEqual({ committed: true, nameStatus: 'A\0new.txt\0' });
      expect(r.git('rev-parse', 'since^')).toBe(base);
      expect(r.git('show', '--name-only', '--format=%s', 'since').split('\n')).toEqual([
        'weft: leftovers',
        '',
        'new.txt',
      ]);
    },
  );

  it('with a known parent, refuses to commit over a HEAD that moved meanwhile', async () => {
    const r = makeRepo();
    repos.push(r);
    const wt = await createWorktree(await resolveRepo(r.dir), { branch: 'moved' });
    const stale = r.git('rev-parse', 'moved');
    writeFileSync(join(wt.path, 'a.txt'), 'a');
    r.git('-C', wt.path, 'add', 'a.txt');
    r.git('-C', wt.path, 'commit', '-q', '-m', 'agent');
    const agent = r.git('rev-parse', 'moved');
    writeFileSync(join(wt.path, 'b.txt'), 'b');
    await expect(commitLeftovers(wt.path, 'late', [], stale)).rejects.toThrow(/update-ref/);
    expect(r.git('rev-parse', 'moved')).toBe(agent);
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
      writeFileSync(join(wt.path, 'y.txt'), 'y');
      expect(await commitLeftovers(wt.path, 'anon 2', [], r.git('rev-parse', 'anon'))).toBe(true);
      expect(r.git('log', '-1', '--format=%an', 'anon')).toBe('weft');
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
