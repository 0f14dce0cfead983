/**
 * `weft run` end to end through the built binary, on real temp repositories,
 * with the fake `claude` CLI (per-task behaviour from a plan file).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWeft } from '../support/cli.js';
import { makeRepo, makeTempDir, type TestRepo } from '../support/repo.js';
import { eventsOf, fakePlan, processesUnder, readJournal, sessionDirs } from '../support/run-helpers.js';

let repo: TestRepo | undefined;
afterEach(() => repo?.cleanup());

const task = (id: string, title: string, extra = ''): string =>
  `## ${id}: ${title}\nAgent: claude\n${extra}\n${title}.\n`;

function show(r: TestRepo, ref: string, path: string): string | undefined {
  try {
    return r.git('show', `${ref}:${path}`);
  } catch {
    return undefined;
  }
}

describe('weft run', () => {
  it('takes a DAG with failing, hanging, crashing, conflicting and validator-breaking agents to one branch', async () => {
    const tasks = [
      '---\nworkers: 3\nvalidate: test ! -e broken.txt\nmax-attempts: 3\n---\n# Tasks\n',
      task('T001', 'Create a', 'Priority: P0\nFiles: create a.txt'),
      task('T002', 'Create b after a', 'Depends: T001\nFiles: create b.txt'),
      task('T003', 'Create c', 'Files: create c.txt'),
      task('T004', 'Create d', 'Files: create d.txt'),
      task('T005', 'Shared five', 'Priority: P0'),
      task('T006', 'Shared six', 'Priority: P0'),
      task('T007', 'Create e', 'Files: create e.txt'),
      task('T008', 'Create f', 'Depends: T002, T003\nFiles: create f.txt'),
      task('T009', 'Create g', 'Depends: T008\nFiles: create g.txt'),
      task('T010', 'Never works', 'Files: create never.txt'),
      task('T011', 'After never', 'Depends: T010\nFiles: create after.txt'),
    ].join('\n');
    repo = makeRepo({ 'README.md': '# demo\n', 'tasks.md': tasks });
    const env = fakePlan(repo.dir, {
      T001: [{ write: 'a.txt:a' }],
      T002: [{ mode: 'fail' }, { write: 'b.txt:b' }],
      T003: [{ mode: 'hang' }, { write: 'c.txt:c' }],
      T004: [{ mode: 'crash' }, { write: 'd.txt:d' }],
      T005: [{ write: 'shared.txt:five' }],
      T006: [{ write: 'shared.txt:six' }],
      T007: [{ write: 'e.txt:e\nbroken.txt:x' }, { write: 'e.txt:e' }],
      T008: [{ write: 'f.txt:f' }],
      T009: [{ write: 'g.txt:g' }],
      T010: [{ mode: 'fail' }],
      T011: [{ write: 'after.txt:z' }],
    });
    const r = await runWeft(['run', 'tasks.md', '--hang-timeout', '2s'], {
      cwd: repo.dir,
      env,
      timeoutMs: 120_000,
    });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.exitCode, r.stdout + r.stderr).toBe(1); // partial: T010 failed, T011 skipped

    const session = sessionDirs(repo.dir).at(-1)!;
    const events = readJournal(session);
    const started = events.find((e) => e.type === 'run.started')!;
    const branch = started.integrationBranch as string;
    for (const [file, content] of Object.entries({
      'a.txt': 'a',
      'b.txt': 'b',
      'c.txt': 'c',
      'd.txt': 'd',
      'e.txt': 'e',
      'f.txt': 'f',
      'g.txt': 'g',
    })) {
      expect(show(repo, branch, file), file).toBe(content);
    }
    expect(['five', 'six']).toContain(show(repo, branch, 'shared.txt'));
    expect(show(repo, branch, 'broken.txt')).toBeUndefined();
    expect(show(repo, branch, 'never.txt')).toBeUndefined();

    // every settled task merged exactly once
    for (const id of ['T001', 'T002', 'T003', 'T004', 'T005', 'T006', 'T007', 'T008', 'T009']) {
      expect(eventsOf(events, 'task.merged', id), id).toHaveLength(1);
    }
    expect(eventsOf(events, 'task.failed', 'T002')[0]?.willRetry).toBe(true);
    expect(String(eventsOf(events, 'task.failed', 'T003')[0]?.reason)).toMatch(/no output|silent|hung|hang/i);
    expect(eventsOf(events, 'worker.replaced').length).toBeGreaterThanOrEqual(2);
    expect(eventsOf(events, 'task.conflict').length).toBe(1);
    expect(eventsOf(events, 'validation.failed', 'T007')).toHaveLength(1);
    expect(eventsOf(events, 'merge.reverted', 'T007')).toHaveLength(1);
    expect(eventsOf(events, 'task.failed', 'T010')).toHaveLength(3);
    expect(String(eventsOf(events, 'task.skipped', 'T011')[0]?.reason)).toMatch(/T010/);
    expect(events.at(-1)?.type).toBe('run.finished');

    // the summary accounts for every task; T010's failed attempts keep no branch (no commits)
    expect(r.stdout).toMatch(/Completed: 9 of 11 tasks/);
    expect(r.stdout).toMatch(/Failed: 1 task \(T010/);
    expect(r.stdout).toMatch(/Skipped: T011/);
    expect(r.stdout).toContain(`git merge --ff-only ${branch}`);
    // nothing left behind: no worktrees, no processes, no lock
    // the pooled worktrees stay for the next run, detached: they hold no branch
    const worktrees = repo.git('worktree', 'list', '--porcelain').split('\n\n').slice(1);
    expect(worktrees.length).toBeGreaterThan(0);
    for (const w of worktrees) {
      expect(w).toMatch(/^worktree .*\/\.trees\/weft\/pool\/(worker-\d|validate)\n/);
      expect(w).toMatch(/\ndetached/);
    }
    expect(processesUnder(join(repo.dir, '.trees'))).toEqual([]);
    expect(existsSync(join(repo.dir, '.weft', 'session.lock'))).toBe(false);
    expect(repo.git('status', '--porcelain')).toBe('');
  }, 150_000);

  it('refuses bad input before anything is written', async () => {
    repo = makeRepo({ 'tasks.md': '# Tasks\n\n## T001: A\nAgent: nosuchagent\nDo a.\n' });
    const r1 = await runWeft(['run', 'tasks.md'], { cwd: repo.dir });
    expect(r1.exitCode).toBe(2);
    expect(r1.stderr).toMatch(/nosuchagent/);
    const r2 = await runWeft(['run', 'tasks.md', '--agent', 'claude', '--bogus'], { cwd: repo.dir });
    expect(r2.exitCode).toBe(2);
    repo.write('tasks.md', '# Tasks\n\n## T001: A\nAgent: claude\nDo a.\n');
    const r3 = await runWeft(['run', 'tasks.md'], { cwd: repo.dir, env: { PATH: '/usr/bin:/bin' } });
    expect(r3.exitCode).toBe(5);
    expect(r3.stderr).toMatch(/claude/);
    // --merge-into is checked before the run, not after the agents' work.
    repo.write('tasks.md', '# Tasks\n\n## T001: A\nDo a.\n\n```sh\necho a > a.txt\n```\n');
    const r4 = await runWeft(['run', 'tasks.md', '--merge-into', 'bad..name'], { cwd: repo.dir });
    expect(r4.exitCode, r4.stderr).toBe(4);
    expect(r4.stderr).toMatch(/--merge-into: not a valid git branch name: "bad\.\.name" contains "\.\."/);
    const r5 = await runWeft(['run', 'tasks.md', '--merge-into', 'mian'], { cwd: repo.dir });
    expect(r5.exitCode, r5.stderr).toBe(2);
    expect(r5.stderr).toMatch(/--merge-into: there is no branch mian/);
    expect(existsSync(join(repo.dir, '.weft'))).toBe(false);
    expect(repo.git('branch', '--list', 'weft/*')).toBe('');
  });

  it('says a repository without a commit needs one first', async () => {
    const dir = makeTempDir();
    try {
      execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
      writeFileSync(join(dir, 'tasks.md'), '- [ ] echo a > a.txt\n');
      const r = await runWeft(['run', 'tasks.md', '--agent', 'shell'], { cwd: dir });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/this repository has no commit yet/);
      const spawned = await runWeft(['spawn', '--branch', 'x', '--task', 'true', '--agent', 'shell'], {
        cwd: dir,
      });
      expect(spawned.exitCode).toBe(2);
      expect(spawned.stderr).toMatch(/this repository has no commit yet/);
      expect(r.stderr).toMatch(/git add -A && git commit/);
      expect(existsSync(join(dir, '.weft'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops on a systemic failure, keeps every commit and says how to resume', async () => {
    const tasks = ['# Tasks\n', ...['T1', 'T2', 'T3', 'T4'].map((id) => task(id, `Task ${id}`))].join('\n');
    repo = makeRepo({ 'tasks.md': tasks });
    const env = fakePlan(
      repo.dir,
      Object.fromEntries(
        ['T1', 'T2', 'T3', 'T4'].map((id) => [id, [{ mode: 'fail', write: `${id}.txt:partial` }]]),
      ),
    );
    const r = await runWeft(['run', 'tasks.md', '--workers', '2'], { cwd: repo.dir, env, timeoutMs: 60_000 });
    expect(r.exitCode, r.stdout + r.stderr).toBe(7);
    expect(r.stdout).toMatch(/systemic/);
    expect(r.stdout).toMatch(/weft resume \d{8}-\d{6}-[0-9a-f]{4}/);
    // the failed attempts' partial work is on kept branches
    const branches = repo
      .git('branch', '--list', 'weft/tasks/*')
      .split('\n')
      .map((b) => b.trim());
    expect(branches.length).toBeGreaterThanOrEqual(3);
    for (const b of branches) expect(repo.git('log', '-1', '--format=%s', b)).toMatch(/T\d/);
  }, 90_000);

  it('warns at the start when, no agent being chosen, the shell agent would run task text as commands', async () => {
    repo = makeRepo({ 'tasks.md': '- [ ] Add the greeting\n- [ ] echo ok > ok.txt\n' });
    const r = await runWeft(['run', 'tasks.md', '--max-attempts', '1'], { cwd: repo.dir, timeoutMs: 60_000 });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^weft run .* agent shell;/);
    expect(lines[1]).toMatch(
      /^⚠ no agent chosen, so the built-in shell agent runs .* \(step-1, step-2\); .*--agent claude/,
    );
    expect(r.stdout).toMatch(/step-1 failed: exited with code 127 \(command not found\)/);

    // Chosen on purpose: no warning.
    repo.write('tasks.md', '---\nagent: shell\n---\n- [ ] echo ok > ok.txt\n');
    repo.commitAll('shell on purpose');
    const chosen = await runWeft(['run', 'tasks.md', '--new'], { cwd: repo.dir, timeoutMs: 60_000 });
    expect(chosen.exitCode, chosen.stdout + chosen.stderr).toBe(0);
    expect(chosen.stdout + chosen.stderr).not.toMatch(/no agent chosen/);
  }, 90_000);

  it('warns at the start that uncommitted changes in the checkout are not part of the base', async () => {
    repo = makeRepo({ 'README.md': '# r\n', 'notes.txt': 'n\n' });
    repo.write('tasks.md', '---\nagent: shell\n---\n- [ ] echo ok > ok.txt\n'); // untracked: the task file does not count
    repo.write('README.md', '# r, edited\n');
    repo.git('mv', 'notes.txt', 'renamed.txt');
    repo.write('scratch/new.txt', 'new\n');
    const r = await runWeft(['run', 'tasks.md'], { cwd: repo.dir, timeoutMs: 60_000 });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const warning = r.stdout.split('\n')[1] ?? '';
    expect(warning).toMatch(/^⚠ your checkout has changes that are not committed \(/);
    for (const p of ['README.md', 'renamed.txt', 'scratch/']) expect(warning).toContain(p);
    for (const p of ['notes.txt', 'tasks.md', '.weft']) expect(warning).not.toContain(p);
    expect(warning).toMatch(/the agents start from the last commit of main \([0-9a-f]{10}\)/);
  }, 90_000);

  it('refuses a second run in the same repository while one is running', async () => {
    const tasks = ['# Tasks\n', task('T1', 'Slow', 'Files: create s.txt')].join('\n');
    repo = makeRepo({ 'tasks.md': tasks });
    const env = fakePlan(repo.dir, { T1: [{ mode: 'slow', sleepMs: 1500, write: 's.txt:s' }] });
    const first = runWeft(['run', 'tasks.md'], { cwd: repo.dir, env, timeoutMs: 60_000 });
    // wait until the first run holds the lock
    const lock = join(repo.dir, '.weft', 'session.lock');
    for (let i = 0; i < 200 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 25));
    const second = await runWeft(['run', '--new', 'tasks.md'], { cwd: repo.dir, env });
    expect(second.exitCode).toBe(6);
    expect(second.stderr).toMatch(/another weft run is in progress/);
    expect((await first).exitCode).toBe(0);
  }, 60_000);

  it('reuses the pooled worktrees in the next run; --no-pool removes them', async () => {
    repo = makeRepo({ 'tasks.md': ['# Tasks\n', task('T1', 'One', 'Files: create one.txt')].join('\n') });
    const env = fakePlan(repo.dir, { T1: [{ write: 'one.txt:1' }] });
    expect((await runWeft(['run', 'tasks.md'], { cwd: repo.dir, env })).exitCode).toBe(0);
    const pool = join(repo.dir, '.trees', 'weft', 'pool', 'worker-1');
    repo.write('tasks.md', ['# Tasks\n', task('T2', 'Two', 'Files: create two.txt')].join('\n'));
    repo.commitAll('next tasks');
    const env2 = fakePlan(repo.dir, { T2: [{ write: 'two.txt:2' }] });
    const second = await runWeft(['run', 'tasks.md', '--no-pool'], { cwd: repo.dir, env: env2 });
    expect(second.exitCode, second.stderr).toBe(0);
    // two runs may start within one second: look through every session for T2
    const events = sessionDirs(repo.dir).flatMap((d) => readJournal(d));
    expect(eventsOf(events, 'task.started', 'T2')[0]?.worktree).toBe(pool);
    expect(existsSync(pool)).toBe(false);
    expect(repo.git('worktree', 'list').split('\n')).toHaveLength(1);
  });

  it('fast-forwards the base with --merge-into', async () => {
    repo = makeRepo({ 'tasks.md': ['# Tasks\n', task('T1', 'One', 'Files: create one.txt')].join('\n') });
    const env = fakePlan(repo.dir, { T1: [{ write: 'one.txt:1' }] });
    const r = await runWeft(['run', 'tasks.md', '--merge-into', 'main'], { cwd: repo.dir, env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(join(repo.dir, 'one.txt'), 'utf8')).toBe('1');
    expect(r.stdout).toMatch(/main fast-forwarded/);
  });
});
