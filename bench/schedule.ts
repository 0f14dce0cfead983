/**
 * Scheduling quality in virtual time: makespan / lower bound on a fixed set of
 * seeded random 40-task DAGs (durations 1–5, 4 workers), for
 *   (a) weft: dynamic list scheduling by priority → remaining critical path → id
 *   (b) the plan's groups run one after another with a barrier (seed 003)
 *   (c) FIFO: tasks start in the order they became ready
 * and the scheduler's own cost on 10,000 tasks. Run: npx tsx bench/schedule.ts
 */
import { performance } from 'node:perf_hooks';
import {
  barrierGroups,
  criticalPath,
  type DagTask,
  lowerBound,
  randomDag,
  toSchedulable,
  withBarriers,
} from '../src/run/random-dag.js';
import { Scheduler } from '../src/run/scheduler.js';
import type { SchedulerOptions } from '../src/run/scheduler-types.js';
import { simulate } from '../src/run/simulate.js';

const DAGS = 30;
const TASKS = 40;
const WORKERS = 4;

function makespan(tasks: DagTask[], options: SchedulerOptions, estimate?: (t: DagTask) => number): number {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const s = new Scheduler(toSchedulable(tasks, estimate), options);
  return simulate(s, { workers: WORKERS, duration: (id) => byId.get(id)!.duration }).makespan;
}

function stats(values: number[]): { median: number; min: number; max: number } {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v[v.length - 1]! };
}

const fmt = (x: number): string => x.toFixed(3);

/** `listSchedule`: a list schedule of the DAG itself, so Graham's bound (2 − 1/workers) applies. */
const policies: { name: string; listSchedule: boolean; run(tasks: DagTask[]): number }[] = [
  {
    name: '(a) weft, critical path by task count (durations unknown)',
    listSchedule: true,
    run: (t) => makespan(t, {}),
  },
  {
    name: '(a) weft, critical path by true durations (oracle)',
    listSchedule: true,
    run: (t) => makespan(t, {}, (x) => x.duration),
  },
  {
    name: '(b) plan groups with barriers (seed 003)',
    listSchedule: false,
    run: (t) => makespan(withBarriers(t), { order: 'fifo' }),
  },
  { name: '(c) FIFO', listSchedule: true, run: (t) => makespan(t, { order: 'fifo' }) },
];

/** Deep DAGs are bound by their critical path; balanced ones have critical path ≈ work / workers, the hard case. */
const shapes = [
  { name: 'balanced (0–2 deps among the previous 12 tasks)', maxDeps: 2, window: 12 },
  { name: 'deep (0–3 deps among the previous 8 tasks)', maxDeps: 3, window: 8 },
];
const graham = 2 - 1 / WORKERS;

console.log(
  `makespan / lower bound — ${DAGS} seeded DAGs × ${TASKS} tasks, durations 1–5, ${WORKERS} workers, virtual time`,
);
console.log('lower bound = max(critical path, total work / workers); figures: median [min–max]');
for (const shape of shapes) {
  const dags = Array.from({ length: DAGS }, (_, i) =>
    randomDag({ tasks: TASKS, seed: 1000 + i, maxDeps: shape.maxDeps, window: shape.window }),
  );
  const bounds = dags.map((d) => lowerBound(d, WORKERS));
  console.log(
    `${shape.name}: median ${stats(dags.map((d) => barrierGroups(d).length)).median} groups, ` +
      `critical path ${stats(dags.map(criticalPath)).median}, work/workers ` +
      `${stats(dags.map((d) => d.reduce((s, t) => s + t.duration, 0) / WORKERS)).median}`,
  );
  for (const p of policies) {
    const ratios = dags.map((d, i) => p.run(d) / bounds[i]!);
    const s = stats(ratios);
    const over = p.listSchedule ? ratios.filter((r) => r > graham + 1e-9).length : 0;
    console.log(
      `  ${p.name.padEnd(60)} ${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]` +
        (over ? `  !! ${over} above Graham's bound ${graham}: a bug` : ''),
    );
  }
}

// The scheduler's own cost: 10,000 tasks, 8 workers, each with a locked file.
const big = randomDag({ tasks: 10_000, seed: 7, window: 200 }).map((t, i) => ({
  ...t,
  files: [{ path: `src/f${i % 300}.ts`, op: 'modify' as const }],
}));
const times: number[] = [];
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  const s = new Scheduler(toSchedulable(big));
  simulate(s, { workers: 8, duration: (id) => (Number(id.slice(1)) % 5) + 1 });
  times.push(performance.now() - t0);
}
const t = stats(times);
console.log(
  `scheduler cost, 10,000 tasks with file locks, 8 workers (build + full simulated run): ` +
    `median ${t.median.toFixed(0)} ms [${t.min.toFixed(0)}–${t.max.toFixed(0)}] = ` +
    `${((t.median * 1000) / big.length).toFixed(1)} µs per task`,
);
