import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { GitError, NotARepoError } from '../../../src/errors.js';
import { git, gitQuick } from '../../../src/git/git.js';
import { makeRepo, makeTempDir, type TestRepo } from '../../support/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('gitQuick keeps git()’s contract', () => {
  it('returns the same results, accepts okCodes and stdin, and throws the same errors', async () => {
    const r = makeRepo();
    repos.push(r);
    for (const args of [
      ['rev-parse', 'HEAD'],
      ['log', '--format=%s'],
    ]) {
      expect(await gitQuick(args, { cwd: r.dir })).toEqual(await git(args, { cwd: r.dir }));
    }
    const probe = await gitQuick(['cat-file', '--batch-check'], { cwd: r.dir, input: 'HEAD\nnope\n' });
    expect(probe.stdout.split('\n')[1]).toBe('nope missing');
    expect(
      (await gitQuick(['show-ref', '--verify', '--quiet', 'refs/heads/x'], { cwd: r.dir, okCodes: [1] }))
        .exitCode,
    ).toBe(1);
    const err = await gitQuick(['rev-parse', '--verify', 'nope'], { cwd: r.dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).gitExitCode).toBe(128);
    const dir = makeTempDir();
    try {
      await expect(gitQuick(['status'], { cwd: dir })).rejects.toBeInstanceOf(NotARepoError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
