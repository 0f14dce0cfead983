/**
 * Worker faults: fake agents that crash, hang, do nothing, print garbage or
 * megabytes, leave a child that ignores SIGTERM, delete files outside their
 * task, or check out another branch. Each task gets a list of behaviours, one
 * per attempt; the harness knows what weft's policy says should happen to it
 * (retried then merged, or skipped after the last attempt) and checks the
 * journal, the summary and the repository against that.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo } from '../../support/repo.js';
import { eventsOf, readJournal, sessionDirs } from '../../support/run-helpers.js';
import { type Damage, inspectRun, total } from './inspect.js';
import { caseEnv, endCase, weft } from './weft-process.js';

export const FAULT_KINDS = [
  'crash',
  'hang',
  'no-work',
  'garbage',
  'huge',
  'ignore-sigterm',
  'delete-outside',
  'checkout-branch',
  'checkout-detach',
  'checkout-integration',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Kinds the policy tolerates: the attempt still succeeds. The others fail the attempt. */
const TOLERATED = new Set<FaultKind>(['garbage', 'huge']);

/** What the journal's task.failed reason says for each failing kind. */
export const REASON: Record<Exclude<FaultKind, 'garbage' | 'huge'>, RegExp> = {
  crash: /exit|crash|without a result|ended/i,
  hang: /no output|hung|silent/i,
  'no-work': /without changing any file/,
  'ignore-sigterm': /no output|hung|silent/i,
  'delete-outside': /deleted .*outside|outside its task/i,
  'checkout-branch': /switched its worktree/,
  'checkout-detach': /switched its worktree/,
  'checkout-integration': /switched its worktree|integration branch/,
};

function behaviour(kind: FaultKind, id: string): object {
  const file = `${id.toLowerCase()}.txt`;
  const write = `${file}:${id}`;
  switch (kind) {
    case 'crash':
    case 'hang':
    case 'ignore-sigterm':
    case 'garbage':
    case 'no-work':
      return { mode: kind, write };
    case 'huge':
      return { mode: 'huge', write, hugeBytes: 6 << 20 };
    case 'delete-outside':
      return { write, delete: 'README.md\nsrc/shared.ts' };
    case 'checkout-branch':
      return { write, checkout: `rogue-${id}`, commit: true };
    case 'checkout-detach':
      return { write, checkout: '@detach', commit: true };
    case 'checkout-integration':
      return { write, checkout: '@integration', commit: true };
  }
}

export interface FaultTask {
  id: string;
  faults: FaultKind[];
}

export interface FaultBatchResult {
  faults: number;
  byKind: Record<string, number>;
  tasks: number;
  /** Tasks whose end state or attempt count differs from the policy. */
  wrongOutcome: string[];
  /** Failed attempts whose reason does not say what happened. */
  unclearReasons: string[];
  /** weft did not exit within the bound. */
  hung: boolean;
  exitCode: number | undefined;
  damage: Damage;
  damageCount: number;
  ms: number;
  /** The end of weft's output and the journal's stop event, for a failing assertion's message. */
  story: string;
}

/**
 * One run: T00 succeeds first (so the "every task failing" stop does not
 * apply), then every faulty task, all independent of each other.
 */
export async function runFaultBatch(
  tasks: readonly FaultTask[],
  options: { workers?: number; maxAttempts?: number; timeoutMs?: number } = {},
): Promise<FaultBatchResult> {
  const started = Date.now();
  const maxAttempts = options.maxAttempts ?? 3;
  const body = [
    `---\nworkers: ${options.workers ?? 4}\nagent: claude\nmax-attempts: ${maxAttempts}\n---\n# Faults\n`,
    '## T00: Seed\nPriority: P0\nFiles: create t00.txt\n\nWrite t00.txt.\n',
    ...tasks.map(
      (t) =>
        `## ${t.id}: Write ${t.id}\nDepends: T00\nFiles: create ${t.id.toLowerCase()}.txt\n\nWrite it.\n`,
    ),
  ].join('\n');
  const repo = makeRepo({
    'README.md': '# faults\n',
    'src/shared.ts': 'export const shared = 1;\n',
    'tasks.md': body,
  });
  const ce = caseEnv();
  const plan: Record<string, object[]> = { T00: [{ write: 't00.txt:T00' }] };
  for (const t of tasks) {
    plan[t.id] = [...t.faults.map((k) => behaviour(k, t.id)), { write: `${t.id.toLowerCase()}.txt:${t.id}` }];
  }
  const planFile = join(ce.scratch, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  try {
    // Long enough that a slow start on a loaded machine is not taken for a hang.
    const r = await weft(['run', 'tasks.md', '--hang-timeout', '3s'], {
      cwd: repo.dir,
      env: { ...ce.env, FAKE_AGENT_PLAN: planFile },
      timeoutMs: options.timeoutMs ?? 240_000,
    });
    const events = sessionDirs(repo.dir).flatMap(readJournal);
    const wrongOutcome: string[] = [];
    const unclearReasons: string[] = [];
    const mustMerge: { id: string; file: string }[] = [{ id: 'T00', file: 't00.txt' }];
    let faults = 0;
    const byKind: Record<string, number> = {};
    for (const t of tasks) {
      const failing = t.faults.filter((k) => !TOLERATED.has(k));
      // Tolerated faults end the attempt successfully: later entries of the plan never run.
      const firstTolerated = t.faults.findIndex((k) => TOLERATED.has(k));
      const ran = firstTolerated === -1 ? t.faults : t.faults.slice(0, firstTolerated + 1);
      const failsBefore = ran.filter((k) => !TOLERATED.has(k)).length;
      const skipped = failsBefore >= maxAttempts;
      const expectedAttempts = skipped ? maxAttempts : failsBefore + 1;
      for (const k of ran.slice(0, expectedAttempts)) {
        faults++;
        byKind[k] = (byKind[k] ?? 0) + 1;
      }
      const attempts = eventsOf(events, 'task.started', t.id).length;
      const merged = eventsOf(events, 'task.merged', t.id).length === 1;
      const wasSkipped = eventsOf(events, 'task.skipped', t.id).length === 1;
      if (skipped ? !wasSkipped || merged : !merged || wasSkipped || attempts !== expectedAttempts) {
        wrongOutcome.push(
          `${t.id} [${t.faults.join(',')}]: ${attempts} attempts, merged=${merged}, skipped=${wasSkipped}; expected ${expectedAttempts} attempts, ${skipped ? 'skipped' : 'merged'}`,
        );
      }
      if (!skipped) mustMerge.push({ id: t.id, file: `${t.id.toLowerCase()}.txt` });
      const reasons = eventsOf(events, 'task.failed', t.id).map((e) => String(e.reason));
      failing.slice(0, reasons.length).forEach((k, i) => {
        const pattern = REASON[k as keyof typeof REASON];
        if (!pattern.test(reasons[i] ?? '')) unclearReasons.push(`${t.id} ${k}: "${reasons[i]}"`);
      });
    }
    const damage = inspectRun({
      repo: repo.dir,
      mustMerge,
      allTasks: ['T00', ...tasks.map((t) => t.id)],
      commitLog: ce.commitLog,
      marker: ce.marker,
    });
    if (!r.timedOut && r.exitCode !== (mustMerge.length === tasks.length + 1 ? 0 : 1)) {
      damage.unaccounted.push(`exit ${r.exitCode}: ${r.stderr.slice(-300)}`);
    }
    return {
      faults,
      byKind,
      tasks: tasks.length,
      wrongOutcome,
      unclearReasons,
      hung: r.timedOut,
      exitCode: r.exitCode,
      damage,
      damageCount: total(damage),
      ms: Date.now() - started,
      story: [
        `exit ${r.exitCode}`,
        r.stderr.slice(-1500),
        ...events.filter((e) => e.type === 'run.stopped').map((e) => JSON.stringify(e)),
      ].join('\n'),
    };
  } finally {
    endCase(repo, ce);
  }
}

/** `count` faults spread over tasks of 1–3 faults each, deterministic for a seed. */
export function faultMix(
  count: number,
  seed: number,
  kinds: readonly FaultKind[] = FAULT_KINDS,
): FaultTask[] {
  let s = seed >>> 0 || 1;
  const rand = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const tasks: FaultTask[] = [];
  let k = rand(kinds.length);
  for (let left = count; left > 0; ) {
    const n = Math.min(left, 1 + rand(3));
    const faults: FaultKind[] = [];
    while (faults.length < n) {
      const kind = kinds[k++ % kinds.length] as FaultKind;
      faults.push(kind);
      if (TOLERATED.has(kind)) break; // the attempt succeeds: nothing after it would run
    }
    tasks.push({ id: `F${String(tasks.length + 1).padStart(2, '0')}`, faults });
    left -= faults.length;
  }
  return tasks;
}
