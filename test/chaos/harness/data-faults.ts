/**
 * Damaged state on disk: a journal with a torn last line or a corrupt line,
 * corrupt inbox/outbox files, a worktree or a branch deleted by hand while the
 * run goes on, a journal write that fails (disk full). For each: what weft
 * said (it must name the problem) and whether the run could be finished
 * (`weft resume`) where the data allows — with nothing lost.
 */
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRepo, type TestRepo } from '../../support/repo.js';
import { type JournalEvent, readJournal, sessionDirs } from '../../support/run-helpers.js';
import { type Damage, describeDamage, inspectRun, total } from './inspect.js';
import { IDS, scenario } from './kill-campaign.js';
import { type CaseEnv, caseEnv, endCase, type WeftRun, weft } from './weft-process.js';

export interface DataFaultResult {
  name: string;
  /** What weft printed about the problem (first lines of stderr, or a note). */
  message: string;
  /** The message names the damaged file/branch/cause. */
  clear: boolean;
  /** The run finished with every task merged (when the data allows it). */
  recovered: boolean;
  /** Recovery is expected (false: the data does not allow it, a clear refusal is the right outcome). */
  recoverable: boolean;
  damage: Damage;
  damageCount: number;
}

interface Ctx {
  repo: TestRepo;
  ce: CaseEnv;
  env: Record<string, string>;
  session: () => string;
}

function setup(slow = 120): Ctx {
  const { tasks, plan } = scenario();
  for (const steps of Object.values(plan))
    for (const s of steps as { sleepMs?: number }[]) s.sleepMs &&= slow;
  const repo = makeRepo({ 'README.md': '# data\n', 'tasks.md': tasks });
  const ce = caseEnv();
  const planFile = join(ce.scratch, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  return {
    repo,
    ce,
    env: { ...ce.env, FAKE_AGENT_PLAN: planFile },
    session: () => sessionDirs(repo.dir).at(-1) as string,
  };
}

function inspect(ctx: Ctx, toldAbout: string[] = [], forgotten: string[] = []): Damage {
  return inspectRun({
    repo: ctx.repo.dir,
    mustMerge: IDS.map((id) => ({ id, file: `${id.toLowerCase()}.txt` })),
    allTasks: IDS,
    commitLog: ctx.ce.commitLog,
    marker: ctx.ce.marker,
    toldAbout,
    forgotten,
  });
}

/** Resolve when the newest session's journal satisfies `predicate` (a bounded poll: no event tells a file changed). */
async function waitForEvents(
  repo: string,
  predicate: (events: JournalEvent[]) => boolean,
): Promise<JournalEvent[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const dir = sessionDirs(repo).at(-1);
    let events: JournalEvent[] = [];
    try {
      if (dir) events = readJournal(dir);
    } catch {}
    if (predicate(events)) return events;
    if (Date.now() > deadline) throw new Error('timed out waiting for the journal');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 30_000; !condition(); ) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const firstLines = (r: WeftRun): string =>
  `exit ${r.exitCode ?? r.signal}: ${(r.stderr.trim() || r.stdout.trim()).split('\n').slice(0, 3).join(' | ')}`.slice(
    0,
    300,
  );

async function killedRun(ctx: Ctx, point: string): Promise<void> {
  await weft(['run', 'tasks.md'], { cwd: ctx.repo.dir, env: { ...ctx.env, WEFT_CHAOS_KILL_AT: point } });
}

/** 512-byte blocks: the journal outgrows it mid-run, the other files weft and git write stay below. */
const FSIZE_BLOCKS = 12;
const IGNORE_SIGXFSZ = fileURLToPath(new URL('./ignore-sigxfsz.cjs', import.meta.url));

type Case = (
  ctx: Ctx,
) => Promise<
  Omit<DataFaultResult, 'damage' | 'damageCount' | 'name'> & { toldAbout?: string[]; forgotten?: string[] }
>;

export const DATA_FAULTS: Record<string, Case> = {
  'journal: torn last line': async (ctx) => {
    await killedRun(ctx, 'merge:recorded@2');
    appendFileSync(
      join(ctx.session(), 'events.jsonl'),
      '{"seq":999,"time":"2026-01-01T00:00:00Z","type":"task.fin',
    );
    const r = await weft(['resume'], { cwd: ctx.repo.dir, env: ctx.env });
    return {
      message: r.stderr.split('\n').find((l) => /torn/.test(l)) ?? firstLines(r),
      clear: /events\.jsonl:\d+: ignoring a torn last line/.test(r.stderr),
      recovered: r.exitCode === 0,
      recoverable: true,
    };
  },
  'journal: corrupt line in the middle': async (ctx) => {
    await killedRun(ctx, 'merge:recorded@2');
    const runId = ctx.session().split('/').at(-1) as string;
    const path = join(ctx.session(), 'events.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[3] = '{"seq":4,"time":"2026-01-01T00:00:00Z","ty#$%garbage';
    writeFileSync(path, lines.join('\n'));
    const r = await weft(['resume'], { cwd: ctx.repo.dir, env: ctx.env });
    // The data does not allow a resume: the user starts over, as the message says.
    const again = await weft(['run', '--new', 'tasks.md'], { cwd: ctx.repo.dir, env: ctx.env });
    return {
      message: firstLines(r),
      clear:
        r.exitCode === 8 &&
        /events\.jsonl:4: corrupt journal line/.test(r.stderr) &&
        r.stderr.includes(`weft/tasks/${runId}/`),
      recovered: again.exitCode === 0,
      recoverable: false,
      toldAbout: [`weft/tasks/${runId}/`],
    };
  },
  'messages: corrupt inbox.json and outbox.json': async (ctx) => {
    await killedRun(ctx, 'merge:recorded@2');
    const dir = join(ctx.session(), 'messages', 'worker-1');
    writeFileSync(join(dir, 'inbox.json'), '{"worker_id": "worker-1", "tasks": [tru');
    writeFileSync(join(dir, 'outbox.json'), '\0\0\0garbage');
    const r = await weft(['resume'], { cwd: ctx.repo.dir, env: ctx.env });
    const inbox = JSON.parse(readFileSync(join(dir, 'inbox.json'), 'utf8')) as { worker_id?: string };
    const outbox = JSON.parse(readFileSync(join(dir, 'outbox.json'), 'utf8')) as { worker_id?: string };
    return {
      message: 'derived files: rewritten from the journal on resume',
      clear: inbox.worker_id === 'worker-1' && outbox.worker_id === 'worker-1',
      recovered: r.exitCode === 0,
      recoverable: true,
    };
  },
  'worktree deleted by hand mid-run': async (ctx) => {
    const run = weft(['run', 'tasks.md'], { cwd: ctx.repo.dir, env: ctx.env });
    // A task whose first attempt would succeed (T3's and T4's fail anyway).
    const mine = (e: JournalEvent): boolean =>
      e.type === 'task.started' && e.taskId !== 'T3' && e.taskId !== 'T4';
    const events = await waitForEvents(ctx.repo.dir, (ev) => ev.some(mine));
    const started = events.find(mine);
    const wt = started?.worktree as string;
    // Mid-agent: once the agent has written its first file.
    await until(() => existsSync(join(wt, `${String(started?.taskId).toLowerCase()}.txt`)));
    rmSync(wt, { recursive: true, force: true });
    const r = await run;
    const after = r.exitCode === 0 ? r : await weft(['resume'], { cwd: ctx.repo.dir, env: ctx.env });
    const task = events.find(mine)?.taskId;
    const failed = readJournal(ctx.session()).find((e) => e.type === 'task.failed' && e.taskId === task);
    return {
      message: `exit ${r.exitCode}; ${failed ? `${task}: ${String(failed.reason)}, retried` : `${task} finished in spite of it`}`,
      clear: failed === undefined || /worktree .* was deleted/.test(String(failed.reason)),
      recovered: after.exitCode === 0,
      recoverable: true,
    };
  },
  'integration branch deleted by hand mid-run': async (ctx) => {
    const run = weft(['run', 'tasks.md'], { cwd: ctx.repo.dir, env: ctx.env });
    const events = await waitForEvents(ctx.repo.dir, (ev) => ev.some((e) => e.type === 'task.merged'));
    const branch = events.find((e) => e.type === 'run.started')?.integrationBranch as string;
    ctx.repo.git('branch', '-D', branch);
    const r = await run;
    const after = r.exitCode === 0 ? r : await weft(['resume'], { cwd: ctx.repo.dir, env: ctx.env });
    const note = r.stderr.split('\n').find((l) => l.includes(branch)) ?? firstLines(r);
    return {
      message: note,
      clear: note.includes(branch) && /deleted|recreated/.test(note),
      recovered: after.exitCode === 0,
      recoverable: true,
    };
  },
  'finished branch deleted by hand before it was merged': async (ctx) => {
    await killedRun(ctx, 'attempt:finished');
    const fin = readJournal(ctx.session()).find((e) => e.type === 'task.finished');
    const started = readJournal(ctx.session()).findLast(
      (e) => e.type === 'task.started' && e.taskId === fin?.taskId,
    );
    // By hand, forcefully: `git branch -D` refuses a branch a worktree has checked out.
    const tip = ctx.repo.git('rev-parse', `refs/heads/${String(started?.branch)}`);
    ctx.repo.git('update-ref', '-d', `refs/heads/${String(started?.branch)}`);
    const r = await weft(['resume'], { cwd: ctx.repo.dir, env: ctx.env });
    const failed = readJournal(ctx.session()).find(
      (e) => e.type === 'task.failed' && /was deleted/.test(String(e.reason)),
    );
    return {
      message: String(failed?.reason ?? firstLines(r)),
      clear: failed !== undefined,
      recovered: r.exitCode === 0,
      recoverable: true,
      forgotten: [tip],
    };
  },
  'disk full: a journal write fails': async (ctx) => {
    // RLIMIT_FSIZE: writes past 6 KiB fail (EFBIG) as on a full disk; SIGXFSZ ignored so the write error is seen.
    const r = await weft(['run', 'tasks.md'], {
      cwd: ctx.repo.dir,
      env: { ...ctx.env, NODE_OPTIONS: `--require ${IGNORE_SIGXFSZ}` },
      wrap: ['/bin/sh', '-c', `ulimit -f ${FSIZE_BLOCKS}; exec "$0" "$@"`],
    });
    const journal = readFileSync(join(ctx.session(), 'events.jsonl'), 'utf8');
    const after = await weft(['resume'], { cwd: ctx.repo.dir, env: ctx.env });
    return {
      message: firstLines(r),
      clear: r.exitCode === 8 && /events\.jsonl/.test(r.stderr) && /EFBIG|ENOSPC|cannot write/.test(r.stderr),
      recovered: after.exitCode === 0 && !journal.includes('\0'),
      recoverable: true,
    };
  },
};

export async function runDataFault(name: string): Promise<DataFaultResult> {
  const ctx = setup();
  try {
    const { toldAbout, forgotten, ...r } = await (DATA_FAULTS[name] as Case)(ctx);
    const damage = inspect(ctx, toldAbout, forgotten);
    return { name, ...r, damage, damageCount: total(damage) };
  } finally {
    endCase(ctx.repo, ctx.ce);
  }
}

export function formatDataFault(r: DataFaultResult): string {
  return `${r.name}: clear=${r.clear} recovered=${r.recovered} damage=${describeDamage(r.damage)} — ${r.message}`;
}
