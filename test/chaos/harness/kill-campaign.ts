/**
 * SIGKILL weft at a named moment of a run (WEFT_CHAOS_KILL_AT, see
 * src/util/chaos-point.ts), then recover as a user would — `weft resume`, or
 * `weft run` again when the run had not started yet — and count what was
 * lost, duplicated, orphaned or left locked.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, type TestRepo } from '../../support/repo.js';
import { type Damage, describeDamage, inspectRun, total } from './inspect.js';
import { caseEnv, endCase, type WeftRun, weft } from './weft-process.js';

/** Every kill point (src/util/chaos-point.ts), with the pass to kill at: mid-run where a point repeats. */
export const KILL_POINTS = [
  'run:locked',
  'run:session',
  'run:scouted',
  'run:branch',
  'journal:write@3',
  'journal:torn@6',
  'journal:synced@9',
  'worktree:add@2',
  'worktree:added',
  'worktree:switch@2',
  'attempt:started@3',
  'agent:spawned@2',
  'agent:file@3',
  'agent:exited@2',
  'attempt:committed@3',
  'attempt:finished@2',
  'attempt:failed',
  'merge:start@2',
  'merge:commit-tree@2',
  'merge:ref-updated@3',
  'validate:running@2',
  'merge:reverted',
  'merge:recorded@2',
  'finish:start',
  'finish:pruned',
  'journal:torn@20',
  // Killed again while resuming: inside resume itself, then at its first merge.
  'agent:file@2+resume:orphans-stopped',
  'merge:ref-updated@2+merge:start',
] as const;

export const IDS = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'] as const;

/**
 * Six tasks on three workers with a test gate: T2 after T1, T5 after T2 and
 * T3; T3's first attempt breaks the gate (reverted, retried); T4's first
 * attempt fails. Some agents commit their own work, some leave it to weft.
 */
export function scenario(): { tasks: string; plan: Record<string, object[]> } {
  const deps: Record<string, string> = { T2: 'T1', T5: 'T2, T3' };
  const tasks = [
    '---\nworkers: 3\nagent: claude\nvalidate: test ! -e broken.txt\n---\n# Chaos\n',
    ...IDS.map(
      (id) =>
        `## ${id}: Write ${id}\n${deps[id] ? `Depends: ${deps[id]}\n` : ''}Files: create ${id.toLowerCase()}.txt\n\nWrite ${id.toLowerCase()}.txt.\n`,
    ),
  ].join('\n');
  const ok = (id: string, commit: boolean): object => ({
    mode: 'slow',
    sleepMs: 120,
    write: `${id.toLowerCase()}.txt:${id}\nnotes-${id.toLowerCase()}.md:notes`,
    commit,
  });
  const plan: Record<string, object[]> = {
    T1: [ok('T1', true)],
    T2: [ok('T2', false)],
    T3: [{ ...ok('T3', true), write: 't3.txt:T3\nbroken.txt:x' }, ok('T3', true)],
    T4: [{ mode: 'fail' }, ok('T4', false)],
    T5: [ok('T5', true)],
    T6: [ok('T6', false)],
  };
  return { tasks, plan };
}

export interface KillCaseResult {
  point: string;
  /** The kill happened (weft died of SIGKILL). */
  killed: boolean;
  recovery: string;
  recovered: boolean;
  damage: Damage;
  damageCount: number;
  notes: string;
  ms: number;
}

/**
 * Kill at `point` (a chaos point, or `after:<ms>` for an outside SIGKILL that
 * many milliseconds after the start), recover, inspect. Never throws for a
 * finding: it is in the result.
 */
export async function runKillCase(point: string): Promise<KillCaseResult> {
  const started = Date.now();
  const { tasks, plan } = scenario();
  const repo: TestRepo = makeRepo({ 'README.md': '# chaos\n', 'tasks.md': tasks });
  const ce = caseEnv();
  const planFile = join(ce.scratch, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  const env = { ...ce.env, FAKE_AGENT_PLAN: planFile };
  try {
    const [runPoint = point, resumePoint] = point.split('+');
    const delay = /^after:(\d+)$/.exec(runPoint)?.[1];
    const first = await weft(['run', 'tasks.md', '--hang-timeout', '20s'], {
      cwd: repo.dir,
      env: delay === undefined ? { ...env, WEFT_CHAOS_KILL_AT: runPoint } : env,
      ...(delay === undefined ? {} : { killAfterMs: Number(delay) }),
    });
    let killed = first.signal === 'SIGKILL' && !first.timedOut;
    let twice = '';
    if (resumePoint !== undefined) {
      const again = await weft(['resume'], {
        cwd: repo.dir,
        env: { ...env, WEFT_CHAOS_KILL_AT: resumePoint },
      });
      killed &&= again.signal === 'SIGKILL';
      twice = 'resume→killed, ';
    }
    // An outside kill that came after the run had finished: nothing to recover.
    const finishedFirst = delay !== undefined && !killed && first.exitCode === 0;
    const recovered0 = finishedFirst
      ? { recovery: 'finished before the kill', last: first }
      : await recover(repo.dir, env);
    const recovery = twice + recovered0.recovery;
    const { last } = recovered0;
    const recovered = last.exitCode === 0;
    const damage = inspectRun({
      repo: repo.dir,
      mustMerge: IDS.map((id) => ({ id, file: `${id.toLowerCase()}.txt` })),
      allTasks: IDS,
      commitLog: ce.commitLog,
      marker: ce.marker,
    });
    const notes = recovered ? '' : `last exit ${last.exitCode}: ${(last.stderr || last.stdout).slice(-600)}`;
    return {
      point,
      killed,
      recovery,
      recovered,
      damage,
      damageCount: total(damage),
      notes,
      ms: Date.now() - started,
    };
  } finally {
    endCase(repo, ce);
  }
}

/** `weft resume`; when there is nothing to resume, `weft run` again (what a user would do next). */
async function recover(
  cwd: string,
  env: Record<string, string>,
): Promise<{ recovery: string; last: WeftRun }> {
  const steps: string[] = [];
  let last = await weft(['resume'], { cwd, env });
  steps.push(`resume→${last.exitCode}`);
  if (last.exitCode === 2 && /nothing to resume|no interrupted/.test(last.stderr)) {
    last = await weft(['run', 'tasks.md'], { cwd, env });
    steps.push(`run→${last.exitCode}`);
  }
  return { recovery: steps.join(', '), last };
}

export function formatKillCase(r: KillCaseResult): string {
  return `${r.point}: killed=${r.killed} ${r.recovery} damage=${describeDamage(r.damage)} ${r.notes}`;
}
