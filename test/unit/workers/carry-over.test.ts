import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveRepo } from '../../../src/git/repo-paths.js';
import { createWorktree } from '../../../src/git/worktree.js';
import { carryOver, carryOverCandidates } from '../../../src/workers/carry-over.js';
import { makeRepo, type TestRepo } from '../../support/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('carry-over', () => {
  it('copies untracked .env files and gitignored files listed in .worktreeinclude, nothing else', async () => {
    const r = makeRepo({
      '.gitignore': '.env\n.env.local\nsecrets/\nbuild/\n',
      '.worktreeinclude': 'secrets/\n',
      '.env.example': 'TRACKED=1\n',
    });
    repos.push(r);
    r.write('.env', 'KEY=1\n');
    r.write('.env.local', 'LOCAL=1\n');
    r.write('secrets/a.json', '{}');
    r.write('secrets/deep/b.txt', 'b');
    r.write('build/out.js', 'ignored but not listed');
    r.write('untracked.txt', 'listed nowhere');
    const paths = await resolveRepo(r.dir);
    const wt = await createWorktree(paths, { branch: 'c' });
    const candidates = await carryOverCandidates(r.dir);
    const copied = await carryOver(r.dir, wt.path, candidates);
    expect(copied).toEqual(['.env', '.env.local', 'secrets/a.json', 'secrets/deep/b.txt']);
    expect(readFileSync(join(wt.path, '.env'), 'utf8')).toBe('KEY=1\n');
    expect(readFileSync(join(wt.path, 'secrets/deep/b.txt'), 'utf8')).toBe('b');
    expect(existsSync(join(wt.path, 'build/out.js'))).toBe(false);
    expect(existsSync(join(wt.path, 'untracked.txt'))).toBe(false);
  });
});
