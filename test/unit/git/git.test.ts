import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { GitError, NotARepoError } from '../../../src/errors.js';
import { git } from '../../../src/git/git.js';
import { makeRepo, makeTempDir, type TestRepo } from '../../support/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('git()', () => {
  it('returns stdout without its last newline, accepts okCodes and stdin, and throws typed errors', async () => {
    const r = makeRepo();
    repos.push(r);
    expect((await git(['rev-parse', 'HEAD'], { cwd: r.dir })).stdout).toBe(r.git('rev-parse', 'HEAD'));
    expect(await git(['log', '--format=%s'], { cwd: r.dir })).toEqual({
      stdout: 'initial',
      stderr: '',
      exitCode: 0,
    });
    const probe = await git(['cat-file', '--batch-check'], { cwd: r.dir, input: 'HEAD\nnope\n' });
    expect(probe.stdout.split('\n')[1]).toBe('nope missing');
    expect(
      (await git(['show-ref', '--verify', '--quiet', 'refs/heads/x'], { cwd: r.dir, okCodes: [1] })).exitCode,
    ).toBe(1);
    const err = await git(['rev-parse', '--verify', 'nope'], { cwd: r.dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).gitExitCode).toBe(128);
    const dir = makeTempDir();
    try {
      await expect(git(['status'], { cwd: dir })).rejects.toBeInstanceOf(NotARepoError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
