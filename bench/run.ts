/**
 * `weft run` with real processes: the built CLI, the built-in shell agent
 * sleeping for known durations, real worktrees and merges. Prints:
 *   1. makespan / lower bound on seeded random 40-task DAGs (1–5 s tasks,
 *      4 workers, 1k-file repo) for weft's scheduler side by side with seed
 *      003's group barriers and FIFO order;
 *   2. per-task overhead (task wall time − agent time) / agent time with
 *      2–6 s tasks on 1k- and 10k-file repos;
 *   3. speedup on independent tasks;
 *   4. weft's peak RSS with 8 workers and 1,000 tasks.
 * Usage: npx tsx bench/run.ts [makespan,overhead,speedup,rss]  (npm run build first)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lowerBound, randomDag } from '../src/run/random-dag.js';
import { generateRepo } from './lib/gen-repo.js';
import { median, range } from './lib/stats.js';

const WEFT = fileURLToPath(new URL('../dist/bin/weft.js', import.meta.url));
const RSS_HOOK = fileURLToPath(new URL('./lib/report-rss.cjs', import.meta.url));
const parts = new Set((process.argv[2] ?? 'makespan,overhead,speedup,rss').split(','));
const DAGS = Number(process.env.BENCH_DAGS ?? 3);
/** Runs of 8 tasks per repository size in the overhead benchmark. */
const OVERHEAD_RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface BenchTask {
  id: string;
  seconds: number;
  dependsOn: string[];
}

interface Ev {
  type: string;
  time: string;
  taskId?: string;
  durationMs?: number;
}

function taskFile(tasks: readonly BenchTask[], workers: number): string {
  const out = [`---\nworkers: ${workers}\nagent: shell\n---\n# Benchmark\n`];
  for (const t of tasks) {
    out.push(
      `## ${t.id}: sleep ${t.seconds}s`,
      ...(t.dependsOn.length ? [`Depends: ${t.dependsOn.join(', ')}`] : []),
      `Estimate: ${Math.max(1, t.seconds)}`,
      `Files: create out/${t.id}.txt`,
      '',
      '```sh',
      ...(t.seconds > 0 ? [`sleep ${t.seconds}`] : []),
      'mkdir -p out',
      `echo ${t.id} > out/${t.id}.txt`,
      '```',
      '',
    );
  }
  return out.join('\n');
}

/** Run weft on `tasks` in `repo`; returns its journal events (from --json) and peak RSS if asked. */
function runWeft(
  repo: string,
  tasks: readonly BenchTask[],
  workers: number,
  extra: string[] = [],
  rss = false,
) {
  const file = join(repo, 'bench-tasks.md');
  writeFileSync(file, taskFile(tasks, workers));
  const rssFile = join(repo, '.git', 'weft-rss');
  const args = [
    ...(rss ? ['--require', RSS_HOOK] : []),
    WEFT,
    'run',
    'bench-tasks.md',
    '--json',
    '--new',
    ...extra,
  ];
  const r = spawnSync(process.execPath, args, {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, CI: 'true', WEFT_RSS_FILE: rssFile },
  });
  if (r.status !== 0) throw new Error(`weft exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const events = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Ev);
  const peak = rss ? Number(execFileSync('cat', [rssFile], { encoding: 'utf8' })) : undefined;
  return { events, peakRssKb: peak };
}

const at = (e: Ev): number => Date.parse(e.time);

/** First task start to last merge, in seconds. */
function makespan(events: Ev[]): number {
  const starts = events.filter((e) => e.type === 'task.started').map(at);
  const merges = events.filter((e) => e.type === 'task.merged').map(at);
  return (Math.max(...merges) - Math.min(...starts)) / 1000;
}

function freshRepo(files: number): string {
  const repo = generateRepo(files, { historyCommits: 10 });
  execFileSync('git', ['config', 'user.name', 'bench'], { cwd: repo.dir });
  execFileSync('git', ['config', 'user.email', 'bench@example.invalid'], { cwd: repo.dir });
  return repo.dir;
}

function benchMakespan(): void {
  console.log(
    `\n1. makespan / lower bound — ${DAGS} seeded random DAGs × 40 tasks, sleep 1–5 s, 4 workers, 1k-file repo`,
  );
  const repo = freshRepo(1000);
  const modes = [
    ['weft (dynamic, critical path)', 'critical-path'],
    ['plan groups with barriers (seed 003)', 'groups'],
    ['FIFO', 'fifo'],
  ] as const;
  const ratios = new Map<string, number[]>(modes.map(([name]) => [name, []]));
  for (let seed = 1; seed <= DAGS; seed++) {
    const dag = randomDag({ tasks: 40, seed, maxDeps: 2, window: 12 });
    const tasks = dag.map((t) => ({ id: t.id, seconds: t.duration, dependsOn: t.dependsOn }));
    const lb = lowerBound(dag, 4);
    for (const [name, mode] of modes) {
      const { events } = runWeft(repo, tasks, 4, ['--scheduling', mode]);
      const ratio = makespan(events) / lb;
      ratios.get(name)!.push(ratio);
      console.log(
        `   DAG ${seed} (lower bound ${lb.toFixed(1)} s)  ${name.padEnd(38)} ${makespan(events).toFixed(1)} s = ${ratio.toFixed(3)}`,
      );
    }
  }
  for (const [name, r] of ratios)
    console.log(`   ${name.padEnd(40)} median ${median(r).toFixed(3)} ${range(r, 3)}`);
  rmSync(repo, { recursive: true, force: true });
}

function benchOverhead(): void {
  console.log(
    '\n2. per-task overhead = (task wall time − agent time) / agent time; task wall time = started → merged',
  );
  for (const files of [1000, 10000]) {
    const repo = freshRepo(files);
    const perTask: number[] = [];
    const aggregate: number[] = [];
    for (let run = 0; run < OVERHEAD_RUNS; run++) {
      const seconds = [2, 6, 3, 5, 4, 2, 6, 4];
      const tasks = seconds.map((s, i) => ({ id: `O${run}${i}`, seconds: s, dependsOn: [] }));
      const { events } = runWeft(repo, tasks, 4);
      let wall = 0;
      let agent = 0;
      for (const t of tasks) {
        const s = events.find((e) => e.type === 'task.started' && e.taskId === t.id)!;
        const m = events.find((e) => e.type === 'task.merged' && e.taskId === t.id)!;
        const f = events.find((e) => e.type === 'task.finished' && e.taskId === t.id)!;
        const w = at(m) - at(s);
        wall += w;
        agent += f.durationMs!;
        perTask.push((w - f.durationMs!) / f.durationMs!);
      }
      aggregate.push((wall - agent) / agent);
    }
    const goal = files === 1000 ? 0.03 : 0.05;
    const m = median(aggregate);
    console.log(
      `   ${String(files).padStart(5)} files: overhead ${(m * 100).toFixed(1)}% (median of ${OVERHEAD_RUNS} runs × 8 tasks [${aggregate.map((x) => (x * 100).toFixed(1)).join(', ')}]%; per task median ${(median(perTask) * 100).toFixed(1)}% ${range(
        perTask.map((x) => x * 100),
        1,
      )}%)  goal ≤ ${goal * 100}%: ${m <= goal ? 'PASS' : 'FAIL'}`,
    );
    rmSync(repo, { recursive: true, force: true });
  }
}

function benchSpeedup(): void {
  const workers = 4;
  console.log(`\n3. independent tasks: 16 × sleep 2 s on ${workers} workers, 1k-file repo`);
  const repo = freshRepo(1000);
  const speedups: number[] = [];
  for (let run = 0; run < 3; run++) {
    const tasks = Array.from({ length: 16 }, (_, i) => ({
      id: `S${run}${String(i).padStart(2, '0')}`,
      seconds: 2,
      dependsOn: [],
    }));
    const { events } = runWeft(repo, tasks, workers);
    const agent =
      events.filter((e) => e.type === 'task.finished').reduce((s, e) => s + e.durationMs!, 0) / 1000;
    speedups.push(agent / makespan(events));
  }
  const m = median(speedups);
  console.log(
    `   speedup ${m.toFixed(2)}× ${range(speedups, 2)} = ${(m / workers).toFixed(2)} × workers  goal ≥ 0.9 × workers: ${m / workers >= 0.9 ? 'PASS' : 'FAIL'}`,
  );
  rmSync(repo, { recursive: true, force: true });
}

function benchRss(): void {
  console.log(
    '\n4. peak RSS of the weft process: 8 workers, 1,000 tasks (shell agent, one file each), small repo',
  );
  const repo = freshRepo(50);
  mkdirSync(join(repo, 'out'), { recursive: true });
  const tasks = Array.from({ length: 1000 }, (_, i) => ({
    id: `R${String(i).padStart(4, '0')}`,
    seconds: 0,
    dependsOn: [],
  }));
  const started = Date.now();
  const { events, peakRssKb } = runWeft(repo, tasks, 8, [], true);
  const merged = events.filter((e) => e.type === 'task.merged').length;
  const mb = (peakRssKb ?? 0) / 1024;
  console.log(
    `   ${merged} tasks merged in ${((Date.now() - started) / 1000).toFixed(0)} s; peak RSS ${mb.toFixed(0)} MB  goal < 150 MB: ${mb < 150 ? 'PASS' : 'FAIL'}`,
  );
  rmSync(repo, { recursive: true, force: true });
}

console.log(
  'weft run benchmark (built CLI, shell agent, real worktrees and merges; 2-core machine: medians)',
);
if (parts.has('makespan')) benchMakespan();
if (parts.has('overhead')) benchOverhead();
if (parts.has('speedup')) benchSpeedup();
if (parts.has('rss')) benchRss();
