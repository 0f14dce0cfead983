/**
 * `weft run` with the REAL `claude` CLI against the scripted model server on
 * 127.0.0.1: three tasks, one depending on another's file, real Bash tool calls
 * in real worktrees, merged into one integration branch.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runWeft } from '../support/cli.js';
import { type ModelServer, startModelServer } from '../support/model-server.js';
import { makeRepo, makeTempDir, type TestRepo } from '../support/repo.js';
import { eventsOf, readJournal, sessionDirs } from '../support/run-helpers.js';

const BIN = fileURLToPath(new URL('../../node_modules/.bin', import.meta.url));

let server: ModelServer;
let repo: TestRepo | undefined;
let home: string | undefined;

beforeAll(async () => {
  server = await startModelServer({
    scripts: {
      'run-task:make-a': [{ bash: 'echo alpha > a.txt' }, { text: 'wrote a.txt' }],
      'run-task:copy-a': [{ bash: 'cp a.txt b.txt && echo beta >> b.txt' }, { text: 'wrote b.txt' }],
      'run-task:make-c': [{ bash: 'echo gamma > c.txt' }, { text: 'wrote c.txt' }],
    },
  });
});
afterAll(async () => server.close());
afterEach(() => {
  repo?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('weft run with the real claude CLI', () => {
  it('runs a small DAG and merges the real tool calls’ work', async () => {
    const tasks = [
      '---\nagent: claude\nworkers: 2\n---\n# Tasks\n',
      '## T1: Make a\nFiles: create a.txt\n\nrun-task:make-a\n',
      '## T2: Copy a\nDepends: T1\nFiles: create b.txt, read a.txt\n\nrun-task:copy-a\n',
      '## T3: Make c\nFiles: create c.txt\n\nrun-task:make-c\n',
    ].join('\n');
    repo = makeRepo({ 'tasks.md': tasks });
    home = makeTempDir('weft-claude-home-');
    const r = await runWeft(['run', 'tasks.md'], {
      cwd: repo.dir,
      env: { ...server.env, HOME: home, PATH: `${BIN}:${process.env.PATH ?? ''}` },
      timeoutMs: 120_000,
    });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const events = readJournal(sessionDirs(repo.dir).at(-1)!);
    const branch = events.find((e) => e.type === 'run.started')!.integrationBranch as string;
    expect(repo.git('show', `${branch}:a.txt`)).toBe('alpha');
    expect(repo.git('show', `${branch}:b.txt`)).toBe('alpha\nbeta');
    expect(repo.git('show', `${branch}:c.txt`)).toBe('gamma');
    for (const id of ['T1', 'T2', 'T3']) expect(eventsOf(events, 'task.merged', id)).toHaveLength(1);
    const finished = eventsOf(events, 'task.finished', 'T1')[0]!;
    expect((finished.usage as { outputTokens?: number }).outputTokens).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/Tokens: \d+ in, \d+ out/);
  }, 150_000);
});
