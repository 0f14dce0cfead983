/**
 * One attempt with a misbehaving agent (the fake claude CLI), through the
 * library: whatever the agent did, its commits stay on a branch and the
 * result names real commits.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAdapter } from '../../src/agents/registry.js';
import { resolveRepo } from '../../src/git/repo-paths.js';
import { type AttemptResult, runAttempt } from '../../src/run/attempt.js';
import type { Task } from '../../src/tasks/types.js';
import { makeRepo, makeTempDir, type TestRepo } from '../support/repo.js';
import { FAKES_DIR } from '../support/run-helpers.js';

let repo: TestRepo;
let scratch: string;
let worktree: string;
let base: string;
const BRANCH = 'weft/tasks/r1/T1';

beforeEach(() => {
  repo = makeRepo({ 'README.md': '# r\n', 'src/keep.ts': 'export {};\n' });
  scratch = makeTempDir('weft-attempt-');
  base = repo.git('rev-parse', 'HEAD');
  repo.git('branch', 'weft/r1', base);
  mkdirSync(join(repo.dir, '.trees'), { recursive: true });
  worktree = join(repo.dir, '.trees', 'w1');
  repo.git('worktree', 'add', '-q', '-b', BRANCH, worktree, base);
});
afterEach(() => {
  repo.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

function task(files: Task['files'] = [{ op: 'create', path: 't1.txt' }] as Task['files']): Task {
  return {
    id: 'T1',
    title: 'Write t1',
    priority: 'P1',
    dependsOn: [],
    files,
    instructions: 'Write t1.txt',
    estimate: 1,
    done: false,
    position: { line: 1, column: 1 },
  } as Task;
}

async function attempt(env: Record<string, string>, t: Task = task()): Promise<AttemptResult> {
  return runAttempt({
    repo: await resolveRepo(repo.dir),
    task: t,
    attempt: 1,
    workerId: 'worker-1',
    branch: BRANCH,
    baseCommit: base,
    worktree,
    adapter: getAdapter('claude'),
    prompt: 'Write t1.txt',
    logFile: join(scratch, 'T1.1.log'),
    stateDir: join(scratch, 'state'),
    env: {
      PATH: `${FAKES_DIR}:${process.env.PATH ?? ''}`,
      WEFT_RUN_ID: 'r1',
      WEFT_TASK_ID: 'T1',
      FAKE_AGENT_WRITE: 't1.txt:one',
      ...env,
    },
    timeoutMs: 30_000,
    signal: new AbortController().signal,
  });
}

describe('an attempt whose agent', () => {
  it('committed its own work reports that commit by id', async () => {
    const r = await attempt({ FAKE_AGENT_COMMIT: '1' });
    expect(r.ok).toBe(true);
    expect(r.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(r.commit).toBe(repo.git('rev-parse', BRANCH));
    expect(r.ok && r.files).toEqual(['t1.txt']);
  });

  it.each([
    ['a detached HEAD', '@detach'],
    ['the integration branch', '@integration'],
    ['a new branch', 'rogue'],
  ])(
    'switched to %s keeps its commits on a rescue branch and never commits onto another branch',
    async (_, target) => {
      const integration = repo.git('rev-parse', 'weft/r1');
      const r = await attempt({
        FAKE_AGENT_CHECKOUT: target,
        FAKE_AGENT_COMMIT: '1',
        FAKE_AGENT_COMMIT_LOG: join(scratch, 'commits.log'),
        FAKE_AGENT_WRITE: 't1.txt:one\nmore.txt:uncommitted',
      });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.failure).toBe('left-branch');
      expect(r.keptBranch).toBe(`${BRANCH}-left`);
      expect(r.reason).toContain(`kept on branch ${BRANCH}-left`);
      const agentCommit = readFileSync(join(scratch, 'commits.log'), 'utf8').split(' ')[0] ?? '';
      expect(repo.git('merge-base', '--is-ancestor', agentCommit, `${BRANCH}-left`)).toBe('');
      expect(repo.git('show', `${BRANCH}-left:t1.txt`)).toBe('one');
      expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
      expect(repo.git('-C', worktree, 'symbolic-ref', '--short', 'HEAD')).toBe(BRANCH);
      if (target === 'rogue') expect(repo.git('rev-parse', 'rogue')).toBe(agentCommit); // weft added nothing to it
      if (target === '@integration') expect(repo.git('rev-parse', 'weft/r1')).not.toBe(integration); // the guard undoes this
    },
  );

  it('deleted tracked files its task does not name fails, and keeps the deletion on its branch', async () => {
    const r = await attempt({ FAKE_AGENT_DELETE: 'README.md\nsrc/keep.ts' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure).toBe('deleted-outside');
    expect(r.reason).toMatch(/deleted files outside its task: README\.md, src\/keep\.ts/);
    expect(repo.git('ls-tree', '--name-only', BRANCH)).not.toContain('README.md');
  });

  it('may delete the files its task declares', async () => {
    const files = [
      { op: 'create', path: 't1.txt' },
      { op: 'delete', path: 'src' },
    ] as Task['files'];
    const r = await attempt({ FAKE_AGENT_DELETE: 'src/keep.ts' }, task(files));
    expect(r.ok).toBe(true);
  });
});

describe('a worktree deleted by hand while an agent writes into its folder again', () => {
  it('is no repository to git: weft cannot act on the main worktree through it', async () => {
    const { git } = await import('../../src/git/git.js');
    rmSync(worktree, { recursive: true, force: true });
    mkdirSync(join(worktree, 'src'), { recursive: true });
    await expect(git(['checkout', '-q', '-b', 'oops'], { cwd: worktree })).rejects.toThrow(
      /not a git repository/,
    );
    await expect(git(['clean', '-fdq'], { cwd: join(worktree, 'src') })).rejects.toThrow(
      /not a git repository/,
    );
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
  });
});
