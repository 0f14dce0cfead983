import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BranchError } from '../../../src/errors.js';
import {
  changedFiles,
  integrateBranch,
  predictConflicts,
  RefMovedError,
  revertOnIntegration,
  worktreesOnBranch,
} from '../../../src/git/merge.js';
import { parseMergeTree } from '../../../src/git/merge-tree.js';
import { makeRepo, type TestRepo } from '../../support/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

/** main with a.txt/b.txt; an integration branch `weft/run` at main. */
function setup(): TestRepo {
  const repo = makeRepo({ 'a.txt': 'one\ntwo\nthree\n', 'b.txt': 'bee\n', 'README.md': '# r\n' });
  repos.push(repo);
  repo.git('branch', 'weft/run');
  return repo;
}

/** A task branch from `from` with `files` written and committed, made without touching the main worktree. */
function taskBranch(repo: TestRepo, name: string, files: Record<string, string>, from = 'main'): string {
  const wt = join(repo.dir, '.trees', name.replaceAll('/', '-'));
  repo.git('worktree', 'add', '-q', '-b', name, wt, from);
  for (const [p, c] of Object.entries(files)) {
    writeFile(join(wt, p), c);
  }
  repo.git('-C', wt, 'add', '-A');
  repo.git('-C', wt, 'commit', '-q', '-m', `work on ${name}`);
  const tip = repo.git('rev-parse', name);
  repo.git('worktree', 'remove', '--force', wt);
  return tip;
}

function writeFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

const show = (repo: TestRepo, rev: string, path: string): string => repo.git('show', `${rev}:${path}`);

describe('integrateBranch', () => {
  it('merges disjoint branches one after another, each as a two-parent merge commit', async () => {
    const repo = setup();
    const t1 = taskBranch(repo, 'weft/run-T001', { 'src/one.ts': 'export const one = 1;\n' });
    const t2 = taskBranch(repo, 'weft/run-T002', { 'src/two.ts': 'export const two = 2;\n' });
    const base = repo.git('rev-parse', 'weft/run');

    const r1 = await integrateBranch({
      repo: repo.dir,
      integrationRef: 'weft/run',
      branch: 'weft/run-T001',
      message: 'T001',
    });
    expect(r1).toMatchObject({ status: 'merged', previous: base, branchCommit: t1 });
    const r2 = await integrateBranch({
      repo: repo.dir,
      integrationRef: 'weft/run',
      branch: 'weft/run-T002',
      message: '-T002: looks like an option',
    });
    if (r2.status !== 'merged' || r1.status !== 'merged') throw new Error('expected merges');
    expect(repo.git('rev-parse', 'weft/run')).toBe(r2.commit);
    expect(repo.git('rev-list', '--parents', '-n1', r2.commit).split(' ').slice(1)).toEqual([r1.commit, t2]);
    expect(repo.git('log', '-1', '--format=%s', r2.commit)).toBe('-T002: looks like an option');
    expect(show(repo, 'weft/run', 'src/one.ts')).toBe('export const one = 1;');
    expect(show(repo, 'weft/run', 'src/two.ts')).toBe('export const two = 2;');
    expect(repo.git('rev-parse', `${r2.commit}^{tree}`)).toBe(r2.tree);
  });

  it('merges known commits of a just-finished branch, still guarded by compare-and-swap', async () => {
    const repo = setup();
    const t1 = taskBranch(repo, 'weft/run-T001', { 'src/one.ts': 'export const one = 1;\n' });
    const base = repo.git('rev-parse', 'weft/run');
    const r = await integrateBranch({
      repo: repo.dir,
      integrationRef: 'weft/run',
      branch: 'weft/run-T001',
      message: 'T001',
      expectedHead: base,
      branchCommit: t1,
    });
    expect(r).toMatchObject({ status: 'merged', previous: base, branchCommit: t1 });
    expect(show(repo, 'weft/run', 'src/one.ts')).toBe('export const one = 1;');
    // a stale expected head is refused: the ref moved meanwhile
    const t2 = taskBranch(repo, 'weft/run-T002', { 'src/two.ts': 'export const two = 2;\n' });
    await expect(
      integrateBranch({
        repo: repo.dir,
        integrationRef: 'weft/run',
        branch: 'weft/run-T002',
        message: 'T002',
        expectedHead: base,
        branchCommit: t2,
      }),
    ).rejects.toBeInstanceOf(RefMovedError);
  });

  it('merges changes to different lines of the same file cleanly', async () => {
    const repo = setup();
    taskBranch(repo, 'T1', { 'a.txt': 'ONE\ntwo\nthree\n' });
    taskBranch(repo, 'T2', { 'a.txt': 'one\ntwo\nTHREE\n' });
    await integrateBranch({ repo: repo.dir, integrationRef: 'weft/run', branch: 'T1', message: 'T1' });
    const r = await integrateBranch({
      repo: repo.dir,
      integrationRef: 'refs/heads/weft/run',
      branch: 'T2',
      message: 'T2',
    });
    expect(r.status).toBe('merged');
    expect(show(repo, 'weft/run', 'a.txt')).toBe('ONE\ntwo\nTHREE');
  });

  it('reports a conflict with the conflicting files and leaves the integration branch where it was', async () => {
    const repo = setup();
    taskBranch(repo, 'T1', { 'a.txt': 'uno\ntwo\nthree\n', 'b.txt': 'B1\n' });
    taskBranch(repo, 'T2', { 'a.txt': 'eins\ntwo\nthree\n', 'b.txt': 'B2\n', 'c.txt': 'new\n' });
    await integrateBranch({ repo: repo.dir, integrationRef: 'weft/run', branch: 'T1', message: 'T1' });
    const head = repo.git('rev-parse', 'weft/run');
    const r = await integrateBranch({
      repo: repo.dir,
      integrationRef: 'weft/run',
      branch: 'T2',
      message: 'T2',
    });
    expect(r).toMatchObject({ status: 'conflict', files: ['a.txt', 'b.txt'], head });
    if (r.status !== 'conflict') throw new Error('expected a conflict');
    expect(r.messages.some((m) => m.type.startsWith('CONFLICT') && m.paths.includes('a.txt'))).toBe(true);
    expect(repo.git('rev-parse', 'weft/run')).toBe(head);
  });

  it('says up-to-date for a branch already merged (resume after a crash): no duplicate merge', async () => {
    const repo = setup();
    taskBranch(repo, 'T1', { 'x.txt': 'x\n' });
    const first = await integrateBranch({
      repo: repo.dir,
      integrationRef: 'weft/run',
      branch: 'T1',
      message: 'T1',
    });
    const again = await integrateBranch({
      repo: repo.dir,
      integrationRef: 'weft/run',
      branch: 'T1',
      message: 'T1',
    });
    expect(again).toMatchObject({ status: 'up-to-date' });
    expect(repo.git('rev-parse', 'weft/run')).toBe(first.status === 'merged' ? first.commit : '');
    // A branch with no commits of its own is contained too.
    repo.git('branch', 'empty', 'main');
    expect(
      (await integrateBranch({ repo: repo.dir, integrationRef: 'weft/run', branch: 'empty', message: 'e' }))
        .status,
    ).toBe('up-to-date');
  });

  it('refuses to move the ref when it is not where the caller expects (compare-and-swap)', async () => {
    const repo = setup();
    taskBranch(repo, 'T1', { 'x.txt': 'x\n' });
    const stale = repo.git('rev-parse', 'weft/run');
    taskBranch(repo, 'other', { 'y.txt': 'y\n' });
    repo.git('update-ref', 'refs/heads/weft/run', 'other');
    const moved = repo.git('rev-parse', 'weft/run');
    const err = await integrateBranch({
      repo: repo.dir,
      integrationRef: 'weft/run',
      branch: 'T1',
      message: 'T1',
      expectedHead: stale,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefMovedError);
    expect((err as RefMovedError).actual).toBe(moved);
    expect(repo.git('rev-parse', 'weft/run')).toBe(moved);
  });

  it('never loses a commit when two integrations race: one wins, the other fails loudly', async () => {
    const repo = setup();
    taskBranch(repo, 'T1', { 'x.txt': 'x\n' });
    taskBranch(repo, 'T2', { 'y.txt': 'y\n' });
    const results = await Promise.allSettled([
      integrateBranch({ repo: repo.dir, integrationRef: 'weft/run', branch: 'T1', message: 'T1' }),
      integrateBranch({ repo: repo.dir, integrationRef: 'weft/run', branch: 'T2', message: 'T2' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    // Either they serialised by chance (both merged, the second on top of the first) or one lost the race.
    if (lost.length === 1) expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(RefMovedError);
    else expect(won).toHaveLength(2);
    const head = repo.git('rev-parse', 'weft/run');
    for (const r of won) {
      const v = (r as PromiseFulfilledResult<{ status: string; commit?: string }>).value;
      expect(repo.git('merge-base', '--is-ancestor', v.commit!, head)).toBe('');
    }
  });

  it('touches no worktree, index or file: only the ref moves', async () => {
    const repo = setup();
    repo.write('untracked.txt', 'mine\n');
    repo.write('a.txt', 'local edit\n');
    const status = repo.git('status', '--porcelain');
    const head = repo.git('rev-parse', 'HEAD');
    taskBranch(repo, 'T1', { 'a.txt': 'changed\n', 'new.txt': 'n\n' });
    await integrateBranch({ repo: repo.dir, integrationRef: 'weft/run', branch: 'T1', message: 'T1' });
    expect(repo.git('status', '--porcelain')).toBe(status);
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(readFileSync(join(repo.dir, 'a.txt'), 'utf8')).toBe('local edit\n');
    expect(await worktreesOnBranch(repo.dir, 'weft/run')).toEqual([]);
    expect(await worktreesOnBranch(repo.dir, 'main')).toEqual([repo.dir]);
  });

  it('names a missing branch or integration ref', async () => {
    const repo = setup();
    await expect(
      integrateBranch({ repo: repo.dir, integrationRef: 'weft/nope', branch: 'main', message: 'm' }),
    ).rejects.toThrow(BranchError);
    await expect(
      integrateBranch({
        repo: repo.dir,
        integrationRef: 'weft/run',
        branch: '--upload-pack=evil',
        message: 'm',
      }),
    ).rejects.toThrow(/branch "--upload-pack=evil": no such commit/);
  });
});

describe('predictConflicts and changedFiles', () => {
  it('predicts the files two branches would conflict in, without updating anything', async () => {
    const repo = setup();
    taskBranch(repo, 'T1', { 'a.txt': 'uno\ntwo\nthree\n', 'd.txt': 'd\n' });
    taskBranch(repo, 'T2', { 'a.txt': 'eins\ntwo\nthree\n' });
    taskBranch(repo, 'T3', { 'b.txt': 'other\n' });
    const refs = repo.git('for-each-ref', '--format=%(refname) %(objectname)');
    expect(await predictConflicts(repo.dir, 'T1', 'T2')).toEqual(['a.txt']);
    expect(await predictConflicts(repo.dir, 'T1', 'T3')).toEqual([]);
    expect(await predictConflicts(repo.dir, 'T2', 'weft/run')).toEqual([]);
    expect(repo.git('for-each-ref', '--format=%(refname) %(objectname)')).toBe(refs);
  });

  it('lists the files a branch changed since its merge base, both sides of a rename', async () => {
    const repo = setup();
    const wt = join(repo.dir, '.trees', 'ren');
    repo.git('worktree', 'add', '-q', '-b', 'ren', wt, 'main');
    repo.git('-C', wt, 'mv', 'b.txt', 'c.txt');
    writeFile(join(wt, 'new dir/odd "name".txt'), 'x\n');
    repo.git('-C', wt, 'add', '-A');
    repo.git('-C', wt, 'commit', '-q', '-m', 'rename');
    repo.git('worktree', 'remove', '--force', wt);
    taskBranch(repo, 'later', { 'z.txt': 'z\n' }); // main stays put; base...ref uses the merge base
    expect((await changedFiles(repo.dir, 'main', 'ren')).sort()).toEqual([
      'b.txt',
      'c.txt',
      'new dir/odd "name".txt',
    ]);
  });
});

describe('revertOnIntegration', () => {
  it('restores the tree from before the merge when it is the head', async () => {
    const repo = setup();
    taskBranch(repo, 'T1', { 'x.txt': 'x\n' });
    const before = repo.git('rev-parse', 'weft/run^{tree}');
    const m = await integrateBranch({
      repo: repo.dir,
      integrationRef: 'weft/run',
      branch: 'T1',
      message: 'T1',
    });
    if (m.status !== 'merged') throw new Error('expected a merge');
    const r = await revertOnIntegration({
      repo: repo.dir,
      integrationRef: 'weft/run',
      mergeCommit: m.commit,
      message: 'Revert T1: tests failed',
    });
    expect(r).toMatchObject({ status: 'reverted', tree: before, previous: m.commit });
    expect(repo.git('rev-parse', 'weft/run^')).toBe(m.commit); // history kept
    expect(repo.git('rev-parse', 'T1')).not.toBe(''); // the task branch is untouched
  });

  it('takes out only that merge when later merges followed', async () => {
    const repo = setup();
    taskBranch(repo, 'T1', { 'x.txt': 'x\n', 'a.txt': 'ONE\ntwo\nthree\n' });
    taskBranch(repo, 'T2', { 'y.txt': 'y\n', 'a.txt': 'one\ntwo\nTHREE\n' });
    const m1 = await integrateBranch({
      repo: repo.dir,
      integrationRef: 'weft/run',
      branch: 'T1',
      message: 'T1',
    });
    await integrateBranch({ repo: repo.dir, integrationRef: 'weft/run', branch: 'T2', message: 'T2' });
    if (m1.status !== 'merged') throw new Error('expected a merge');
    const r = await revertOnIntegration({
      repo: repo.dir,
      integrationRef: 'weft/run',
      mergeCommit: m1.commit,
      message: 'Revert T1',
    });
    expect(r.status).toBe('reverted');
    expect(repo.git('ls-tree', '--name-only', 'weft/run').split('\n').sort()).toEqual([
      'README.md',
      'a.txt',
      'b.txt',
      'y.txt',
    ]);
    expect(show(repo, 'weft/run', 'a.txt')).toBe('one\ntwo\nTHREE');
  });

  it('reports a conflict when later work built on the merge’s lines', async () => {
    const repo = setup();
    taskBranch(repo, 'T1', { 'a.txt': 'ONE\ntwo\nthree\n' });
    const m1 = await integrateBranch({
      repo: repo.dir,
      integrationRef: 'weft/run',
      branch: 'T1',
      message: 'T1',
    });
    taskBranch(repo, 'T2', { 'a.txt': 'ONE!\ntwo\nthree\n' }, 'weft/run');
    await integrateBranch({ repo: repo.dir, integrationRef: 'weft/run', branch: 'T2', message: 'T2' });
    if (m1.status !== 'merged') throw new Error('expected a merge');
    const head = repo.git('rev-parse', 'weft/run');
    const r = await revertOnIntegration({
      repo: repo.dir,
      integrationRef: 'weft/run',
      mergeCommit: m1.commit,
      message: 'Revert T1',
    });
    expect(r).toEqual({ status: 'conflict', files: ['a.txt'], head });
    expect(repo.git('rev-parse', 'weft/run')).toBe(head);
  });
});

describe('parseMergeTree', () => {
  it('reads the tree, conflicted files and messages of the -z format', () => {
    const out = [
      'TREE',
      'a.txt',
      'a.txt',
      'b c.txt',
      '',
      '1',
      'a.txt',
      'CONFLICT (contents)',
      'Merge conflict in a.txt\n',
      '2',
      'x',
      'y',
      'CONFLICT (rename/delete)',
      'msg',
      '',
    ].join('\0');
    expect(parseMergeTree(out, false)).toEqual({
      clean: false,
      tree: 'TREE',
      files: ['a.txt', 'b c.txt'],
      messages: [
        { paths: ['a.txt'], type: 'CONFLICT (contents)', message: 'Merge conflict in a.txt' },
        { paths: ['x', 'y'], type: 'CONFLICT (rename/delete)', message: 'msg' },
      ],
    });
    expect(parseMergeTree('TREE\0', true)).toEqual({ clean: true, tree: 'TREE', files: [], messages: [] });
  });
});
