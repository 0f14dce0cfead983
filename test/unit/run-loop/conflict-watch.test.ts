import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictWatch, type PredictedConflict, snapshot } from '../../../src/run/conflict-watch.js';
import { makeRepo, type TestRepo } from '../../support/repo.js';

let repo: TestRepo | undefined;
afterEach(() => repo?.cleanup());

function worktree(r: TestRepo, name: string): string {
  const path = join(r.dir, '.trees', name);
  r.git('worktree', 'add', '-q', '-b', name, path, 'main');
  return path;
}

const write = (dir: string, file: string, text: string): void => {
  execFileSync('sh', ['-c', 'printf "%s" "$1" > "$2"', 'sh', text, file], { cwd: dir });
};

describe('ConflictWatch', () => {
  it('reports two running tasks whose uncommitted changes conflict, once', async () => {
    repo = makeRepo({ 'shared.txt': 'base\n', 'other.txt': 'x\n' });
    const a = worktree(repo, 'a');
    const b = worktree(repo, 'b');
    const found: PredictedConflict[] = [];
    const head = repo.git('rev-parse', 'main');
    const watch = new ConflictWatch({
      repo: repo.dir,
      integrationHead: async () => head,
      onConflict: (c) => found.push(c),
    });
    watch.start('T1', a);
    watch.start('T2', b);
    write(a, 'shared.txt', 'from a\n');
    write(b, 'shared.txt', 'from b\n');
    await watch.enqueue('T1');
    expect(found).toEqual([]); // T2 has no snapshot yet
    await watch.enqueue('T2');
    await watch.enqueue('T1');
    expect(found).toEqual([{ a: 'T1', b: 'T2', files: ['shared.txt'] }]);
    // the worktrees and branches are untouched
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: a, encoding: 'utf8' })).toBe(
      ' M shared.txt\n',
    );
    expect(repo.git('rev-parse', 'a')).toBe(head);
  });

  it('reports a running task that conflicts with the integration branch', async () => {
    repo = makeRepo({ 'shared.txt': 'base\n' });
    const a = worktree(repo, 'a');
    repo.write('shared.txt', 'merged meanwhile\n');
    const integration = repo.commitAll('integration moved');
    const found: PredictedConflict[] = [];
    const watch = new ConflictWatch({
      repo: repo.dir,
      integrationHead: async () => integration,
      onConflict: (c) => found.push(c),
    });
    watch.start('T1', a);
    write(a, 'shared.txt', 'task change\n');
    await watch.enqueue('T1');
    expect(found).toEqual([{ a: 'T1', b: 'integration', files: ['shared.txt'] }]);
  });

  it('snapshots new untracked files without staging them in the worktree', async () => {
    repo = makeRepo({ 'a.txt': 'a\n' });
    const w = worktree(repo, 'w');
    write(w, 'new.txt', 'new\n');
    const commit = await snapshot(w, 'T1');
    expect(execFileSync('git', ['show', `${commit}:new.txt`], { cwd: w, encoding: 'utf8' })).toBe('new\n');
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: w, encoding: 'utf8' })).toBe('?? new.txt\n');
  });
});
