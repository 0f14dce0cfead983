import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BranchError, NotARepoError, RefusedError, UsageError } from '../../../src/errors.js';
import { resolveRepo } from '../../../src/git/repo-paths.js';
import {
  createWorktree,
  listWorktrees,
  removeWorktree,
  reuseWorktree,
  validateNewWorktree,
  worktreePathFor,
} from '../../../src/git/worktree.js';
import { makeRepo, makeTempDir, type TestRepo } from '../../support/repo.js';

const repos: TestRepo[] = [];
function repo(): TestRepo {
  const r = makeRepo({ 'README.md': '# x\n', 'src/a.txt': 'a\n' });
  repos.push(r);
  return r;
}
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('createWorktree', () => {
  it('creates .trees/<branch> on a new branch from the base and hides .trees/ from git status', async () => {
    const r = repo();
    const base = r.git('rev-parse', 'HEAD');
    r.write('src/b.txt', 'b\n');
    r.commitAll('second');
    const paths = await resolveRepo(r.dir);
    const wt = await createWorktree(paths, { branch: 'worker/demo', base: 'HEAD~1' });
    expect(wt.path).toBe(join(r.dir, '.trees', 'worker', 'demo'));
    expect(wt.baseCommit).toBe(base);
    expect(existsSync(join(wt.path, 'src/a.txt'))).toBe(true);
    expect(existsSync(join(wt.path, 'src/b.txt'))).toBe(false);
    expect(r.git('-C', wt.path, 'symbolic-ref', '--short', 'HEAD')).toBe('worker/demo');
    expect(r.git('status', '--porcelain')).toBe('');
    const exclude = readFileSync(join(r.dir, '.git/info/exclude'), 'utf8');
    expect(exclude).toContain('/.trees/');
    await createWorktree(paths, { branch: 'second' });
    expect(readFileSync(join(r.dir, '.git/info/exclude'), 'utf8').split('/.trees/').length).toBe(2);
  });

  it('resolves the main worktree from inside a linked worktree', async () => {
    const r = repo();
    const wt = await createWorktree(await resolveRepo(r.dir), { branch: 'a' });
    const paths = await resolveRepo(wt.path);
    expect(paths.top).toBe(r.dir);
  });

  const refusals: [string, (r: TestRepo) => { branch: string; base?: string }, unknown][] = [
    ['a branch name git refuses', () => ({ branch: 'a..b' }), BranchError],
    ['an option-like branch name', () => ({ branch: '--upload-pack=x' }), BranchError],
    ['HEAD as a branch name', () => ({ branch: 'HEAD' }), BranchError],
    ['the previous-branch shorthand', () => ({ branch: '@{-1}' }), BranchError],
    [
      'an existing branch',
      (r) => {
        r.git('branch', 'taken');
        return { branch: 'taken' };
      },
      BranchError,
    ],
    ['an unknown base', () => ({ branch: 'x', base: 'no-such-ref' }), UsageError],
    ['an option-like base', () => ({ branch: 'x', base: '--upload-pack=x' }), UsageError],
    [
      'an existing path',
      (r) => {
        r.write('.trees/x/file', 'mine');
        return { branch: 'x' };
      },
      RefusedError,
    ],
    [
      'a path inside another worktree',
      (r) => {
        r.write('.trees/outer/.git', 'gitdir: elsewhere');
        return { branch: 'outer/inner' };
      },
      RefusedError,
    ],
  ];
  for (const [name, setup, type] of refusals) {
    it(`refuses ${name} and creates nothing`, async () => {
      const r = repo();
      const spec = setup(r);
      const before = r.branches();
      const existedBefore = existsSync(join(r.dir, '.trees'));
      await expect(createWorktree(await resolveRepo(r.dir), spec)).rejects.toBeInstanceOf(type);
      expect(r.branches()).toEqual(before);
      expect(r.git('worktree', 'list').split('\n')).toHaveLength(1);
      if (!existedBefore) expect(existsSync(join(r.dir, '.trees'))).toBe(false);
    });
  }

  it('refuses outside a git repository', async () => {
    const dir = makeTempDir();
    try {
      await expect(resolveRepo(dir)).rejects.toBeInstanceOf(NotARepoError);
    } finally {
      const { rmSync } = await import('node:fs');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never builds a path outside .trees/', async () => {
    const r = repo();
    const paths = await resolveRepo(r.dir);
    expect(() => worktreePathFor(paths, '../escape')).toThrow(RefusedError);
    expect(() => worktreePathFor(paths, '/abs')).toThrow(RefusedError);
    expect(worktreePathFor(paths, 'a/b')).toBe(join(r.dir, '.trees', 'a', 'b'));
  });

  it('rolls back the branch git creates when the path was taken after validation', async () => {
    const r = repo();
    const paths = await resolveRepo(r.dir);
    const target = await validateNewWorktree(paths, { branch: 'late' });
    mkdirSync(target.path, { recursive: true });
    writeFileSync(join(target.path, 'someone-else'), 'x');
    const { addWorktree } = await import('../../../src/git/worktree.js');
    await expect(addWorktree(paths, target)).rejects.toThrow(/already exists/);
    expect(r.branches()).toEqual(['main']);
    expect(readFileSync(join(target.path, 'someone-else'), 'utf8')).toBe('x');
  });
});

describe('removeWorktree', () => {
  it('removes the worktree, its branch and the empty directories it leaves', async () => {
    const r = repo();
    const paths = await resolveRepo(r.dir);
    const wt = await createWorktree(paths, { branch: 'worker/gone' });
    writeFileSync(join(wt.path, 'dirty.txt'), 'uncommitted');
    await removeWorktree(paths, wt);
    expect(existsSync(join(r.dir, '.trees', 'worker'))).toBe(false);
    expect(r.branches()).toEqual(['main']);
    expect(await listWorktrees(paths)).toHaveLength(1);
  });

  it('copes with a worktree directory deleted by hand', async () => {
    const r = repo();
    const paths = await resolveRepo(r.dir);
    const wt = await createWorktree(paths, { branch: 'hand' });
    const { rmSync } = await import('node:fs');
    rmSync(wt.path, { recursive: true, force: true });
    await removeWorktree(paths, wt);
    expect(r.branches()).toEqual(['main']);
    expect(r.git('worktree', 'list').split('\n')).toHaveLength(1);
  });

  it('refuses a path outside .trees/', async () => {
    const r = repo();
    const paths = await resolveRepo(r.dir);
    await expect(removeWorktree(paths, { path: r.dir, branch: 'main' })).rejects.toBeInstanceOf(RefusedError);
    expect(existsSync(join(r.dir, 'README.md'))).toBe(true);
  });
});

describe('listWorktrees and reuseWorktree', () => {
  it('lists worktrees and re-points a pooled one at a new branch, discarding its changes', async () => {
    const r = repo();
    const paths = await resolveRepo(r.dir);
    const wt = await createWorktree(paths, { branch: 'pool-1' });
    writeFileSync(join(wt.path, 'README.md'), 'changed');
    writeFileSync(join(wt.path, 'untracked.txt'), 'x');
    const list = await listWorktrees(paths);
    expect(list.map((e) => e.branch)).toEqual(['main', 'pool-1']);
    const base = r.git('rev-parse', 'HEAD');
    const reused = await reuseWorktree(paths, wt, { branch: 'pool-2', baseCommit: base });
    expect(reused.path).toBe(wt.path);
    expect(r.git('-C', wt.path, 'symbolic-ref', '--short', 'HEAD')).toBe('pool-2');
    expect(readFileSync(join(wt.path, 'README.md'), 'utf8')).toBe('# x\n');
    expect(existsSync(join(wt.path, 'untracked.txt'))).toBe(false);
    await expect(reuseWorktree(paths, wt, { branch: 'main', baseCommit: base })).rejects.toBeInstanceOf(
      BranchError,
    );
  });
});
