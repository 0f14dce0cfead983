/**
 * Two `weft run` in one repository: a second run started while the first is
 * busy (at several moments of it, with the same or another task file), and
 * two runs started at the same instant. The second must refuse, naming the
 * running session — and the repository must come out whole.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo } from '../../support/repo.js';
import { readJournal, sessionDirs } from '../../support/run-helpers.js';
import { type Damage, inspectRun, total } from './inspect.js';
import { IDS, scenario } from './kill-campaign.js';
import { caseEnv, endCase, type WeftRun, weft } from './weft-process.js';

export interface ConcurrentResult {
  /** Second runs started. */
  attempts: number;
  /** Refused with exit 6 naming the running session. */
  refusedClearly: number;
  /** Second runs that did anything else (ran, crashed, refused without naming the session). */
  wrong: string[];
  damage: Damage;
  damageCount: number;
}

function setup(secondFile = false) {
  const { tasks, plan } = scenario();
  // Slower agents: the first run is busy long enough for several second runs to try.
  for (const steps of Object.values(plan)) for (const s of steps as { sleepMs?: number }[]) s.sleepMs &&= 400;
  const files: Record<string, string> = { 'README.md': '# two\n', 'tasks.md': tasks };
  if (secondFile) files['other.md'] = '# Other\n\n## X1: Other work\nFiles: create x1.txt\n\nWrite x1.\n';
  const repo = makeRepo(files);
  const ce = caseEnv();
  const planFile = join(ce.scratch, 'plan.json');
  writeFileSync(planFile, JSON.stringify({ ...plan, X1: [{ write: 'x1.txt:x' }] }));
  return { repo, ce, env: { ...ce.env, FAKE_AGENT_PLAN: planFile } };
}

function refusedNaming(r: WeftRun, runId: string | undefined): boolean {
  return (
    r.exitCode === 6 &&
    runId !== undefined &&
    r.stderr.includes(`session ${runId}`) &&
    /pid \d+/.test(r.stderr)
  );
}

/** While one run works, start `count` more at spread-out moments (between its journal events). */
export async function secondRunWhileBusy(count: number, otherFile = false): Promise<ConcurrentResult> {
  const { repo, ce, env } = setup(otherFile);
  try {
    const first = weft(['run', 'tasks.md'], { cwd: repo.dir, env });
    const wrong: string[] = [];
    let refusedClearly = 0;
    let seen = 0;
    let raced = false;
    for (let i = 0; i < count; i++) {
      // The next moment: once the first run's journal has grown past the last one seen.
      const events = await untilMoreEvents(repo.dir, seen);
      seen = events.length;
      if (events.some((e) => e.type === 'run.finished' || e.type === 'run.stopped')) break;
      const runId = events.find((e) => e.type === 'run.started')?.runId as string | undefined;
      // Every third try is `weft resume`, which must refuse the same way.
      const args = i % 3 === 2 ? ['resume'] : ['run', otherFile ? 'other.md' : 'tasks.md'];
      const second = await weft(args, { cwd: repo.dir, env });
      if (second.exitCode === 0 && ranAfter(repo.dir)) {
        raced = true; // the first had just finished: a run after it, not beside it
        break;
      }
      // A resume that found nothing to resume because the first run had just finished is right.
      if (args[0] === 'resume' && second.exitCode === 2 && firstFinished(repo.dir)) break;
      if (refusedNaming(second, runId)) refusedClearly++;
      else wrong.push(`weft ${args[0]}: exit ${second.exitCode}: ${second.stderr.slice(0, 200)}`);
    }
    const r = await first;
    if (r.exitCode !== 0) wrong.push(`the first run: exit ${r.exitCode}: ${r.stderr.slice(-200)}`);
    const laterRun = sessionDirs(repo.dir)[1]?.split('/').at(-1);
    const damage = inspectRun({
      repo: repo.dir,
      session: sessionDirs(repo.dir)[0] as string,
      // A run that started after the first one finished reported its own branches.
      toldAbout: raced ? [`weft/${laterRun}`, `weft/tasks/${laterRun}/`] : [],
      mustMerge: IDS.map((id) => ({ id, file: `${id.toLowerCase()}.txt` })),
      allTasks: IDS,
      commitLog: ce.commitLog,
      marker: ce.marker,
    });
    return {
      attempts: refusedClearly + wrong.length,
      refusedClearly,
      wrong,
      damage,
      damageCount: total(damage),
    };
  } finally {
    endCase(repo, ce);
  }
}

/** Two runs started at the same instant: one runs, the other refuses naming it. */
export async function twoRunsAtOnce(): Promise<ConcurrentResult> {
  const { repo, ce, env } = setup();
  try {
    const [a, b] = await Promise.all([
      weft(['run', 'tasks.md'], { cwd: repo.dir, env }),
      weft(['run', 'tasks.md'], { cwd: repo.dir, env }),
    ]);
    const sessions = sessionDirs(repo.dir);
    const runId = sessions.length === 1 ? readJournal(sessions[0] as string)[0]?.runId : undefined;
    const [winner, loser] = a.exitCode === 0 ? [a, b] : [b, a];
    const wrong: string[] = [];
    if (winner.exitCode !== 0) wrong.push(`no run finished: exits ${a.exitCode}, ${b.exitCode}`);
    if (sessions.length !== 1) wrong.push(`${sessions.length} sessions`);
    const clear = refusedNaming(loser, runId as string | undefined);
    if (!clear) wrong.push(`exit ${loser.exitCode}: ${loser.stderr.slice(0, 200)}`);
    const damage = inspectRun({
      repo: repo.dir,
      mustMerge: IDS.map((id) => ({ id, file: `${id.toLowerCase()}.txt` })),
      allTasks: IDS,
      commitLog: ce.commitLog,
      marker: ce.marker,
    });
    return { attempts: 1, refusedClearly: clear ? 1 : 0, wrong, damage, damageCount: total(damage) };
  } finally {
    endCase(repo, ce);
  }
}

function firstFinished(repo: string): boolean {
  const first = sessionDirs(repo)[0];
  return first !== undefined && readJournal(first).some((e) => e.type === 'run.finished');
}

/** A second session that started only after the first one finished (a run that raced the first one's exit). */
function ranAfter(repo: string): boolean {
  const [a, b] = sessionDirs(repo);
  if (a === undefined || b === undefined) return false;
  const finished = readJournal(a).find((e) => e.type === 'run.finished')?.time as string | undefined;
  const started = readJournal(b).find((e) => e.type === 'run.started')?.time as string | undefined;
  return finished !== undefined && started !== undefined && started >= finished;
}

async function untilMoreEvents(repo: string, seen: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const dir = sessionDirs(repo).at(-1);
    let events: ReturnType<typeof readJournal> = [];
    try {
      if (dir) events = readJournal(dir);
    } catch {}
    const finished = events.some((e) => e.type === 'run.finished' || e.type === 'run.stopped');
    if (finished || (events.length > seen && events.some((e) => e.type === 'run.started'))) return events;
    if (Date.now() > deadline) throw new Error('timed out waiting for the first run');
    await new Promise((r) => setTimeout(r, 20));
  }
}
