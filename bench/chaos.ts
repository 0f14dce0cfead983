/**
 * The reliability campaign: crashes at every named moment of a run, 100
 * worker faults, damaged session data, concurrent runs, hostile input
 * (10,000 fuzzed task files and a corpus through plan/run/spawn) and secrets.
 * Prints the figures and writes docs/reliability.md.
 * Usage: npx tsx bench/chaos.ts [kill,faults,data,concurrent,hostile,fuzz,secrets]  (npm run build first)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { secondRunWhileBusy, twoRunsAtOnce } from '../test/chaos/harness/concurrent-runs.js';
import { DATA_FAULTS, runDataFault } from '../test/chaos/harness/data-faults.js';
import { HOSTILE_CORPUS, runHostileCorpus } from '../test/chaos/harness/hostile.js';
import type { Damage } from '../test/chaos/harness/inspect.js';
import { KILL_POINTS, runKillCase } from '../test/chaos/harness/kill-campaign.js';
import { runSecretsCase } from '../test/chaos/harness/secrets.js';
import { FAULT_KINDS, faultMix, runFaultBatch } from '../test/chaos/harness/worker-faults.js';
import { checkPipeline, mutatedValid, rawText, taskFileDoc } from '../test/unit/fuzz/task-file-inputs.js';
import { BUGS_FIXED, DOC_INTRO, DOC_OUTRO } from './lib/chaos-doc.js';

const parts = new Set((process.argv[2] ?? 'kill,faults,data,concurrent,hostile,fuzz,secrets').split(','));
const DOC = fileURLToPath(new URL('../docs/reliability.md', import.meta.url));
const RANDOM_KILLS = [300, 600, 900, 1300, 1800, 2400];

/** One line of the summary table. */
interface Row {
  what: string;
  tried: number;
  lostTasks: number;
  lostCommits: number;
  dupMerges: number;
  orphans: number;
  staleLocks: number;
  otherDamage: number;
  hangs: number;
  unclear: number;
}

const summary: Row[] = [];
const details: string[] = [];

function row(
  what: string,
  tried: number,
  damages: Damage[],
  extra: { hangs?: number; unclear?: number } = {},
): Row {
  const n = (f: (d: Damage) => number): number => damages.reduce((s, d) => s + f(d), 0);
  const r: Row = {
    what,
    tried,
    lostTasks: n((d) => d.lostTasks.length),
    lostCommits: n((d) => d.lostCommits.length),
    dupMerges: n((d) => d.duplicateMerges.length),
    orphans: n((d) => d.orphanProcesses.length + d.orphanWorktrees.length),
    staleLocks: n((d) => d.staleLocks.length),
    otherDamage: n(
      (d) =>
        d.unaccounted.length + d.corrupt.length + d.foreignOnIntegration.length + d.userCheckoutMoved.length,
    ),
    hangs: extra.hangs ?? 0,
    unclear: extra.unclear ?? 0,
  };
  summary.push(r);
  return r;
}

function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]): string =>
    `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

const brief = (d: Damage): string => {
  const bits = Object.entries(d).filter(([, v]) => Array.isArray(v) && v.length > 0);
  return bits.length === 0 ? 'none' : bits.map(([k, v]) => `${k} ${(v as unknown[]).length}`).join(', ');
};

async function killCampaign(): Promise<void> {
  const rows: (string | number)[][] = [];
  const damages: Damage[] = [];
  let unclear = 0;
  for (const point of [...KILL_POINTS, ...RANDOM_KILLS.map((ms) => `after:${ms}`)]) {
    const r = await runKillCase(point);
    damages.push(r.damage);
    const late = r.recovery === 'finished before the kill';
    if (!r.recovered || (!r.killed && !late)) unclear++;
    rows.push([point, r.killed ? 'yes' : 'no', r.recovery, r.recovered ? 'yes' : 'no', brief(r.damage)]);
    say(`  kill ${point}: ${r.recovery}, ${brief(r.damage)} (${(r.ms / 1000).toFixed(1)} s)`);
  }
  row('SIGKILL of weft, then `weft resume`', rows.length, damages, { unclear });
  details.push(
    '### SIGKILL at each moment, then recovery',
    'A point `name@n` kills at its n-th pass; `after:<ms>` is an outside SIGKILL that long after the start.',
    '',
    table(['kill point', 'killed', 'recovery (exit codes)', 'all merged', 'damage'], rows),
  );
}

async function workerFaults(): Promise<void> {
  const tasks = faultMix(100, 2026);
  const batches = [tasks.slice(0, 13), tasks.slice(13, 26), tasks.slice(26, 39), tasks.slice(39)];
  const damages: Damage[] = [];
  const byKind: Record<string, number> = {};
  let faults = 0;
  let hangs = 0;
  const wrong: string[] = [];
  for (const batch of batches) {
    const r = await runFaultBatch(batch);
    faults += r.faults;
    hangs += r.hung ? 1 : 0;
    damages.push(r.damage);
    wrong.push(...r.wrongOutcome, ...r.unclearReasons);
    for (const [k, n] of Object.entries(r.byKind)) byKind[k] = (byKind[k] ?? 0) + n;
    say(
      `  faults: ${r.faults} in ${r.tasks} tasks, ${(r.ms / 1000).toFixed(1)} s, ${brief(r.damage)}, wrong ${r.wrongOutcome.length + r.unclearReasons.length}`,
    );
  }
  row(`Worker faults (${FAULT_KINDS.length} kinds)`, faults, damages, { hangs, unclear: wrong.length });
  details.push(
    '### Worker faults',
    `${faults} faults in ${tasks.length} tasks over ${batches.length} runs (4 workers, hang timeout 3 s, 3 attempts).`,
    '',
    table(
      ['fault', 'injected'],
      Object.entries(byKind).map(([k, n]) => [k, n]),
    ),
    '',
    wrong.length === 0
      ? 'Every task ended as the policy says (retried then merged, or skipped after its last attempt), with a failure reason naming what happened.'
      : `Deviations: ${wrong.join('; ')}`,
  );
}

async function dataFaults(): Promise<void> {
  const rows: (string | number)[][] = [];
  const damages: Damage[] = [];
  let unclear = 0;
  for (const name of Object.keys(DATA_FAULTS)) {
    const r = await runDataFault(name);
    damages.push(r.damage);
    if (!r.clear || !r.recovered) unclear++;
    rows.push([
      name,
      r.message.replace(/\/tmp\/[^ ]+?\/\.weft/g, '…/.weft').slice(0, 160),
      r.recovered ? 'yes' : 'no',
      brief(r.damage),
    ]);
    say(`  data ${name}: clear=${r.clear} recovered=${r.recovered} ${brief(r.damage)}`);
  }
  row('Damaged session data', rows.length, damages, { unclear });
  details.push(
    '### Damaged session data',
    '',
    table(['case', 'what weft says', 'finished afterwards', 'damage'], rows),
  );
}

async function concurrentRuns(): Promise<void> {
  const busy = await secondRunWhileBusy(10);
  const other = await secondRunWhileBusy(4, true);
  const races = [];
  for (let i = 0; i < 5; i++) races.push(await twoRunsAtOnce());
  const all = [busy, other, ...races];
  const tried = all.reduce((s, r) => s + r.attempts, 0);
  const clear = all.reduce((s, r) => s + r.refusedClearly, 0);
  say(`  concurrent: ${clear} of ${tried} second runs refused naming the running session`);
  row(
    'Second `weft run`/`resume` while one runs',
    tried,
    all.map((r) => r.damage),
    { unclear: tried - clear },
  );
  details.push(
    '### Two runs in one repository',
    `${busy.attempts} second runs (every third a \`weft resume\`) at spread-out moments of a busy run with the same task file, ${other.attempts} with another task file, and 5 pairs started at the same instant: ${clear} of ${tried} refused with exit 6 naming the running session and its pid; the others: ${[...busy.wrong, ...other.wrong, ...races.flatMap((r) => r.wrong)].join('; ') || 'none'}.`,
  );
}

async function hostile(): Promise<void> {
  const r = await runHostileCorpus();
  say(
    `  hostile: ${r.invocations} invocations, ${r.commandsRun.length} commands run, ${r.writtenOutside.length} files outside, ${r.crashes.length} crashes`,
  );
  summary.push({
    what: 'Hostile values through plan/run/spawn',
    tried: r.invocations,
    lostTasks: 0,
    lostCommits: 0,
    dupMerges: 0,
    orphans: 0,
    staleLocks: 0,
    otherDamage: r.commandsRun.length + r.writtenOutside.length,
    hangs: 0,
    unclear: r.crashes.length,
  });
  details.push(
    '### Hostile input',
    `${HOSTILE_CORPUS.length} values (shell metacharacters with a canary \`touch\`, option-like \`--upload-pack=…\`, \`..\`, absolute paths, newlines, unicode, 300 characters) as prompts, task titles, declared paths, dependencies, task ids, front-matter base, \`spawn --branch/--task/--from\`, \`run --base/--merge-into/--agent\`: ${r.invocations} invocations, ${r.accepted} accepted, ${r.refused} refused with a message.`,
    '',
    table(
      [
        'commands run the user did not ask for',
        'files written outside the repository and .trees/',
        'crashes (internal errors)',
      ],
      [[r.commandsRun.length, r.writtenOutside.length, r.crashes.length]],
    ),
  );
}

function fuzz(): void {
  const sources: [string, fc.Arbitrary<string>, number][] = [
    ['structure-aware hostile documents', taskFileDoc, 5000],
    ['mutations of a valid file', mutatedValid, 3000],
    ['raw unicode text', rawText, 2000],
  ];
  const rows: (string | number)[][] = [];
  let total = 0;
  let bad = 0;
  for (const [name, arb, n] of sources) {
    const c = { accepted: 0, rejected: 0, thrown: 0, faults: 0 };
    for (const text of fc.sample(arb, { numRuns: n, seed: 6 })) {
      try {
        const v = checkPipeline(text);
        c[v.outcome]++;
        c.faults += v.faults.length;
      } catch {
        c.thrown++;
      }
    }
    total += n;
    bad += c.thrown + c.faults;
    rows.push([name, n, c.accepted, c.rejected, c.thrown, c.faults]);
  }
  say(`  fuzz: ${total} task files, ${bad} problems`);
  summary.push({
    what: 'Fuzzed task files (parser, validator, graph)',
    tried: total,
    lostTasks: 0,
    lostCommits: 0,
    dupMerges: 0,
    orphans: 0,
    staleLocks: 0,
    otherDamage: 0,
    hangs: 0,
    unclear: bad,
  });
  details.push(
    '### Fuzzed task files',
    '',
    table(
      [
        'inputs',
        'count',
        'accepted',
        'rejected',
        'uncaught exceptions',
        'rejections without file:line, or unsafe paths accepted',
      ],
      rows,
    ),
  );
}

async function secrets(): Promise<void> {
  const r = await runSecretsCase();
  say(`  secrets: ${r.secrets} secrets, ${r.searched} files and streams searched, ${r.leaks.length} leaks`);
  summary.push({
    what: 'Secrets in logs, output, reports, journal, branches',
    tried: r.searched,
    lostTasks: 0,
    lostCommits: 0,
    dupMerges: 0,
    orphans: 0,
    staleLocks: 0,
    otherDamage: r.leaks.length,
    hangs: 0,
    unclear: 0,
  });
  details.push(
    '### Secrets',
    `${r.secrets} secrets (3 in the environment: ANTHROPIC_API_KEY, GH_TOKEN, DB_PASSWORD; 2 in an untracked, unignored \`.env\`), printed, written to stderr and put in the failure of a fake agent, echoed by the test gate, through \`weft run\`, \`weft run --json\` and \`weft spawn\`: ${r.searched} files and streams searched (every file under \`.weft/\`, stdout and stderr, \`weft status\` and \`weft report\`, every branch's history) — ${r.leaks.length} leaks${r.leaks.length ? `: ${r.leaks.join(', ')}` : ''}.`,
  );
}

const started = Date.now();
say('weft chaos campaign');
if (parts.has('kill')) await killCampaign();
if (parts.has('faults')) await workerFaults();
if (parts.has('data')) await dataFaults();
if (parts.has('concurrent')) await concurrentRuns();
if (parts.has('hostile')) await hostile();
if (parts.has('fuzz')) fuzz();
if (parts.has('secrets')) await secrets();

const head = [
  'what was tried',
  'n',
  'lost tasks',
  'lost commits',
  'duplicate merges',
  'orphans (processes, worktrees)',
  'stale locks',
  'other damage',
  'hangs',
  'unclear or wrong outcome',
];
const figures = table(
  head,
  summary.map((r) => [
    r.what,
    r.tried,
    r.lostTasks,
    r.lostCommits,
    r.dupMerges,
    r.orphans,
    r.staleLocks,
    r.otherDamage,
    r.hangs,
    r.unclear,
  ]),
);
say(`\n${figures}\n\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
if (parts.size === 7) {
  writeFileSync(
    DOC,
    [DOC_INTRO, '## Figures', '', figures, '', ...details.flatMap((d) => [d, '']), BUGS_FIXED, DOC_OUTRO]
      .join('\n')
      .replace(/\n{3,}/g, '\n\n'),
  );
  say(`wrote ${DOC}`);
}
