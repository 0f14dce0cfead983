/**
 * SIGKILL weft at named moments (WEFT_CHAOS_KILL_AT) and `weft resume`:
 * nothing lost, nothing merged twice, nothing left running or locked. The
 * full campaign (every point) is bench/chaos.ts; this is a representative
 * subset plus the cases that once lost work.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../support/repo.js';
import { eventsOf, readJournal, sessionDirs } from '../support/run-helpers.js';
import { describeDamage, inspectRun, total } from './harness/inspect.js';
import { formatKillCase, runKillCase } from './harness/kill-campaign.js';
import { killAll, strayProcesses } from './harness/processes.js';
import { type CaseEnv, caseEnv, weft } from './harness/weft-process.js';

let repo: TestRepo | undefined;
let ce: CaseEnv | undefined;
afterEach(() => {
  if (repo) killAll(strayProcesses(repo.dir, ce?.marker));
  repo?.cleanup();
  ce?.dispose();
  repo = undefined;
  ce = undefined;
});

/** One task T1 on one worker, behaving per attempt as `steps` say; killed at `point`, then resumed. */
async function killOneTask(point: string, steps: object[], validate?: string) {
  const front = `---\nworkers: 1\nagent: claude\n${validate ? `validate: ${validate}\n` : ''}---\n`;
  repo = makeRepo({ 'tasks.md': `${front}# K\n\n## T1: Write t1\nFiles: create t1.txt\n\nWrite it.\n` });
  ce = caseEnv();
  const plan = join(ce.scratch, 'plan.json');
  writeFileSync(plan, JSON.stringify({ T1: steps }));
  const env = { ...ce.env, FAKE_AGENT_PLAN: plan };
  const killed = await weft(['run', 'tasks.md'], {
    cwd: repo.dir,
    env: { ...env, WEFT_CHAOS_KILL_AT: point },
  });
  expect(killed.signal, killed.stderr).toBe('SIGKILL');
  const resumed = await weft(['resume'], { cwd: repo.dir, env });
  const damage = inspectRun({
    repo: repo.dir,
    mustMerge: [{ id: 'T1', file: 't1.txt' }],
    allTasks: ['T1'],
    commitLog: ce.commitLog,
    marker: ce.marker,
  });
  return { resumed, damage, events: readJournal(sessionDirs(repo.dir).at(-1)!) };
}

describe('weft killed with SIGKILL, then resumed', () => {
  it('reports the branch of an attempt cut short by the kill (its commits are not lost)', async () => {
    // The retry writes other content: an identical retry made within the same second would be the
    // very same commit (same tree, parent, message and dates), rightly counted as merged.
    const ok = { mode: 'slow', sleepMs: 50, write: 't1.txt:one', commit: true };
    const retry = { mode: 'slow', sleepMs: 50, write: 't1.txt:two', commit: true };
    const { resumed, damage, events } = await killOneTask('attempt:committed', [ok, retry]);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(damage.lostCommits).toEqual([]);
    const summary = events.find((e) => e.type === 'run.finished')?.summary as { unmergedBranches: string[] };
    expect(summary.unmergedBranches.some((b) => b.endsWith('/T1'))).toBe(true);
    expect(total(damage), describeDamage(damage)).toBe(0);
  }, 60_000);

  it('reverts a merge that landed just before the kill and breaks the test gate', async () => {
    const broken = { write: 't1.txt:one\nbroken.txt:x' };
    const { resumed, damage, events } = await killOneTask(
      'merge:ref-updated',
      [broken, { write: 't1.txt:one' }],
      'test ! -e broken.txt',
    );
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect(eventsOf(events, 'merge.reverted', 'T1')).toHaveLength(1);
    expect(eventsOf(events, 'task.merged', 'T1')).toHaveLength(1);
    expect(total(damage), describeDamage(damage)).toBe(0);
  }, 60_000);

  it('retries a task whose merge the gate had already reverted when weft was killed', async () => {
    const broken = { write: 't1.txt:one\nbroken.txt:x' };
    const { resumed, damage, events } = await killOneTask(
      'merge:reverted',
      [broken, { write: 't1.txt:one' }],
      'test ! -e broken.txt',
    );
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    const failed = eventsOf(events, 'task.failed', 'T1').map((e) => String(e.reason));
    expect(failed.at(-1)).toMatch(/reverted before weft stopped/);
    expect(total(damage), describeDamage(damage)).toBe(0);
  }, 60_000);

  const SUBSET = [
    'run:branch',
    'journal:torn@6',
    'agent:file@3',
    'merge:commit-tree@2',
    'validate:running@2',
    'finish:start',
  ];
  it.each(SUBSET)(
    'at %s: no task, commit or merge lost or doubled; no process or lock left',
    async (point) => {
      const r = await runKillCase(point);
      expect(r.killed, formatKillCase(r)).toBe(true);
      expect(r.recovered, formatKillCase(r)).toBe(true);
      expect(r.damageCount, formatKillCase(r)).toBe(0);
    },
    90_000,
  );
});
