/** Stopping weft mid-run — Ctrl-C or kill -9 — and `weft resume`: nothing lost, nothing merged twice, nothing left running. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWeft, startWeft } from '../support/cli.js';
import { makeRepo, type TestRepo } from '../support/repo.js';
import {
  eventsOf,
  fakePlan,
  processesUnder,
  readJournal,
  sessionDirs,
  waitForJournal,
} from '../support/run-helpers.js';

let repo: TestRepo | undefined;
afterEach(() => repo?.cleanup());

const IDS = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'];

function setup(): Record<string, string> {
  const tasks = [
    '# Tasks\n',
    ...IDS.map(
      (id, i) =>
        `## ${id}: Task ${id}\nAgent: claude\n${i >= 3 ? `Depends: T${i - 2}\n` : ''}Files: create ${id}.txt\n\nWrite ${id}.\n`,
    ),
  ].join('\n');
  repo = makeRepo({ 'tasks.md': tasks });
  return fakePlan(
    repo.dir,
    Object.fromEntries(IDS.map((id) => [id, [{ mode: 'slow', sleepMs: 400, write: `${id}.txt:${id}` }]])),
  );
}

function assertComplete(r: TestRepo): void {
  const session = sessionDirs(r.dir).at(-1)!;
  const events = readJournal(session);
  const branch = events.find((e) => e.type === 'run.started')!.integrationBranch as string;
  for (const id of IDS) {
    expect(eventsOf(events, 'task.merged', id), `${id} merged once`).toHaveLength(1);
    expect(r.git('show', `${branch}:${id}.txt`)).toBe(id);
  }
  expect(events.at(-1)?.type).toBe('run.finished');
  expect(processesUnder(join(r.dir, '.trees'))).toEqual([]);
}

describe('weft resume', () => {
  it('finishes a run killed with SIGKILL: every task merged exactly once, no agent left running', async () => {
    const env = setup();
    const r = repo!;
    const child = startWeft(['run', 'tasks.md', '--workers', '3'], { cwd: r.dir, env });
    await waitForJournal(
      r.dir,
      (ev) =>
        ev.some((e) => e.type === 'task.merged') && ev.filter((e) => e.type === 'task.started').length >= 4,
    );
    child.kill('SIGKILL');
    await child;
    // the killed weft's agents are still running in their worktrees
    const before = readJournal(sessionDirs(r.dir).at(-1)!);
    expect(before.at(-1)?.type).not.toBe('run.finished');

    const resumed = await runWeft(['resume'], { cwd: r.dir, env, timeoutMs: 60_000 });
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/weft resume/);
    assertComplete(r);
  }, 90_000);

  it('stops cleanly on SIGINT (exit 130, work committed) and resumes', async () => {
    const env = setup();
    const r = repo!;
    const child = startWeft(['run', 'tasks.md', '--workers', '2'], { cwd: r.dir, env });
    await waitForJournal(r.dir, (ev) => ev.filter((e) => e.type === 'task.started').length >= 2);
    child.kill('SIGINT');
    const stopped = await child;
    expect(stopped.exitCode, String(stopped.stdout) + String(stopped.stderr)).toBe(130);
    expect(String(stopped.stdout)).toMatch(/weft resume \d{8}-\d{6}-[0-9a-f]{4}/);
    const events = readJournal(sessionDirs(r.dir).at(-1)!);
    expect(events.at(-1)?.type).toBe('run.stopped');
    expect(processesUnder(join(r.dir, '.trees'))).toEqual([]);

    // `weft status` lists the interrupted run and how to continue it
    const status = await runWeft(['status'], { cwd: r.dir, env });
    expect(status.stdout).toMatch(/interrupted\s+tasks\.md\s+\d of 6 merged — continue with: weft resume/);

    // a new `weft run` of the same file offers the resume instead of starting over
    const again = await runWeft(['run', 'tasks.md'], { cwd: r.dir, env });
    expect(again.exitCode).toBe(6);
    expect(again.stderr).toMatch(/unfinished run of tasks\.md/);

    const resumed = await runWeft(['run', '--resume', 'tasks.md'], { cwd: r.dir, env, timeoutMs: 60_000 });
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    assertComplete(r);
  }, 90_000);
});
