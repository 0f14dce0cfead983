import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NotARepoError } from '../../../src/errors.js';
import { branchTaken, resolveBase } from '../../../src/git/refs.js';
import { readMainCheckout, resolveRepo, resolveRepoAndBase } from '../../../src/git/repo-paths.js';
import { makeRepo, makeTempDir, type TestRepo } from '../../support/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
function repo(): TestRepo {
  const r = makeRepo();
  repos.push(r);
  return r;
}

/** Runs `fn` with a discovery variable set (to nothing), so the repository is asked of git, not read from files. */
async function askingGit<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.GIT_CEILING_DIRECTORIES;
  process.env.GIT_CEILING_DIRECTORIES = '';
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
    else process.env.GIT_CEILING_DIRECTORIES = saved;
  }
}

describe('branchTaken', () => {
  it('sees a branch, a branch below the name and a branch above it, loose or packed', async () => {
    const r = repo();
    const paths = await resolveRepo(r.dir);
    r.git('branch', 'solo');
    r.git('branch', 'group/member');
    expect(await branchTaken(paths, 'solo')).toBe(true);
    expect(await branchTaken(paths, 'group')).toBe(true);
    expect(await branchTaken(paths, 'solo/child')).toBe(true);
    expect(await branchTaken(paths, 'group/other')).toBe(false);
    expect(await branchTaken(paths, 'free')).toBe(false);
    r.git('pack-refs', '--all', '--prune');
    expect(await branchTaken(paths, 'solo')).toBe(true);
    expect(await branchTaken(paths, 'group')).toBe(true);
    expect(await branchTaken(paths, 'solo/child')).toBe(true);
    expect(await branchTaken(paths, 'free')).toBe(false);
  });
});

describe('resolveRepoAndBase', () => {
  it('finds the repository and the base in one go, naming the branch behind HEAD', async () => {
    const r = repo();
    const head = r.git('rev-parse', 'HEAD');
    const both = await resolveRepoAndBase(r.dir, 'HEAD');
    expect(both.repo.top).toBe(r.dir);
    expect(both.base).toEqual({ commit: head, fullName: 'refs/heads/main' });
    expect((await resolveRepoAndBase(r.dir, head)).base).toEqual({ commit: head });
    r.git('tag', 'v1');
    expect((await resolveRepoAndBase(r.dir, 'v1')).base).toEqual({ commit: head, fullName: 'refs/tags/v1' });
  });

  it('reports an unknown or option-like base as undefined, and still finds the repository', async () => {
    const r = repo();
    for (const base of ['nope', '--upload-pack=x', 'a\nb', '']) {
      const got = await resolveRepoAndBase(r.dir, base);
      expect(got.repo.top).toBe(r.dir);
      expect(got.base).toBeUndefined();
    }
    expect(await resolveBase(r.dir, 'HEAD~5')).toBeUndefined();
  });

  it('reads the main checkout from files exactly as git answers, and asks git otherwise', async () => {
    const r = repo();
    r.write('sub/deeper/x.txt', 'x');
    r.commitAll('sub');
    const viaGit = async (cwd: string) =>
      askingGit(async () => ({ repo: await resolveRepo(cwd), base: await resolveBase(cwd, 'HEAD') }));
    const agree = async (cwd: string) => {
      const quick = await readMainCheckout(cwd);
      expect(quick).toBeDefined();
      const git = await viaGit(cwd);
      expect(quick).toEqual(git);
      // resolveRepo reads the same files when it can.
      expect(await resolveRepo(cwd)).toEqual(git.repo);
    };
    await agree(r.dir);
    await agree(join(r.dir, 'sub', 'deeper'));
    r.git('pack-refs', '--all', '--prune');
    await agree(r.dir);
    r.git('checkout', '-q', '--detach');
    await agree(r.dir);
    r.git('checkout', '-q', 'main');

    // A linked worktree (a `.git` file), inside `.git`, an unborn branch: git is asked.
    r.git('worktree', 'add', '-q', '-b', 'linked', join(r.dir, '.trees', 'linked'));
    expect(await readMainCheckout(join(r.dir, '.trees', 'linked'))).toBeUndefined();
    const linked = await resolveRepoAndBase(join(r.dir, '.trees', 'linked'), 'HEAD');
    expect(linked.base?.fullName).toBe('refs/heads/linked');
    expect(linked.repo.cwdTop).toBe(join(r.dir, '.trees', 'linked'));
    expect(await readMainCheckout(join(r.dir, '.git', 'refs'))).toBeUndefined();
    r.git('checkout', '-q', '--orphan', 'unborn');
    expect(await readMainCheckout(r.dir)).toBeUndefined();
    expect(await resolveRepo(r.dir)).toEqual((await viaGit(r.dir)).repo);
    await expect(resolveRepo(join(r.dir, '.git', 'refs'))).rejects.toBeInstanceOf(NotARepoError);
  });

  it('throws NotARepoError outside a repository', async () => {
    const dir = makeTempDir();
    try {
      await expect(resolveRepoAndBase(dir, 'HEAD')).rejects.toBeInstanceOf(NotARepoError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
