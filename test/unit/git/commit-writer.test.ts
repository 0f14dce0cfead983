import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitWriter } from '../../../src/git/commit-writer.js';
import { makeRepo, type TestRepo } from '../../support/repo.js';

const repos: TestRepo[] = [];
const writers: CommitWriter[] = [];
afterEach(async () => {
  for (const w of writers.splice(0)) await w.close();
  for (const r of repos.splice(0)) r.cleanup();
});

function setup(): { r: TestRepo; writer: CommitWriter; tree: string; head: string } {
  const r = makeRepo();
  repos.push(r);
  const writer = new CommitWriter(r.dir);
  writers.push(writer);
  return { r, writer, tree: r.git('rev-parse', 'HEAD^{tree}'), head: r.git('rev-parse', 'HEAD') };
}

/** A commit as `cat-file` shows it, the times left out. */
function withoutTimes(r: TestRepo, commit: string): string {
  return r.git('cat-file', 'commit', commit).replace(/> \d+ [+-]\d{4}$/gm, '> TIME');
}

describe('CommitWriter', () => {
  it('writes what commit-tree writes, the times aside, through one helper for many commits', async () => {
    const { r, writer, tree, head } = setup();
    const message = 'weft: merge T1: title\n\nBranch: weft/tasks/x/T1';
    const a = await writer.write(tree, [head], message);
    const b = await writer.write(tree, [head, a!], 'second\n');
    expect(a).toMatch(/^[0-9a-f]{40}$/);
    const reference = r.git('commit-tree', tree, '-p', head, '-m', 'placeholder');
    const expected = withoutTimes(r, reference).replace(/placeholder$/, message);
    expect(withoutTimes(r, a!)).toBe(expected);
    expect(r.git('rev-parse', `${b}^2`)).toBe(a);
    expect(r.git('log', '-1', '--format=%an <%ae>|%cn', b!)).toBe(
      'weft-test <weft-test@example.invalid>|weft-test',
    );
    // Its objects are sound to git.
    r.git('fsck', '--no-dangling');
  });

  it('declines (the caller then runs commit-tree) for fixed dates, commits to sign, and after close', async () => {
    const { r, writer, tree, head } = setup();
    expect(
      await writer.write(tree, [head], 'x', { GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z' }),
    ).toBeUndefined();
    r.git('config', 'commit.gpgsign', 'true');
    const signing = new CommitWriter(r.dir);
    writers.push(signing);
    expect(await signing.write(tree, [head], 'x')).toBeUndefined();
    expect(await signing.write(tree, [head], 'x', {}, true)).toMatch(/^[0-9a-f]{40}$/);
    await writer.close();
    expect(await writer.write(tree, [head], 'x')).toBeUndefined();
  });

  it('writes its commit texts in the scratch folder it is given, which close removes', async () => {
    const { r, tree, head } = setup();
    const scratch = join(r.dir, '.weft', 'sessions', 's1', 'commits');
    const writer = new CommitWriter(r.dir, scratch);
    writers.push(writer);
    writer.prepare();
    expect(await writer.write(tree, [head], 'x\n')).toMatch(/^[0-9a-f]{40}$/);
    expect(readdirSync(scratch)).toEqual([]); // each text is removed once git has read it
    await writer.close();
    expect(existsSync(scratch)).toBe(false);
  });

  it('declines when git has no identity for the commit', async () => {
    const { r, tree, head } = setup();
    r.git('config', '--unset', 'user.name');
    r.git('config', '--unset', 'user.email');
    // The test repositories' identity comes from the environment too: take it away for git var.
    const bare = new CommitWriter(r.dir);
    writers.push(bare);
    const env = {
      GIT_AUTHOR_NAME: '',
      GIT_AUTHOR_EMAIL: '',
      GIT_COMMITTER_NAME: '',
      GIT_COMMITTER_EMAIL: '',
    };
    expect(await bare.write(tree, [head], 'x', env)).toBeUndefined();
  });
});
