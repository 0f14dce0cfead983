/**
 * The HTML run report for a 1,000-task run (random DAG, 8 workers, ~5% of
 * attempts failing and retried): time to write report.html from events.jsonl
 * (replay + model + render + write) and the file's size. Goals: < 1 s, < 2 MB.
 * Run: npx tsx bench/report.ts
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeRunReport } from '../src/report/html/write-report.js';
import { syntheticRun } from '../test/unit/report-html/synthetic-run.js';
import { median, range } from './lib/stats.js';

const RUNS = 7;

async function measure(tasks: number, workers: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-report-'));
  try {
    const events = syntheticRun({ tasks, workers });
    writeFileSync(join(dir, 'events.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const times: number[] = [];
    let path = '';
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      path = await writeRunReport(dir);
      times.push(performance.now() - t);
    }
    const bytes = statSync(path).size;
    const attempts = events.filter((e) => e.type === 'task.started').length;
    console.log(
      `${String(tasks).padStart(5)} tasks, ${attempts} attempts, ${events.length} events: ` +
        `median ${median(times).toFixed(0)} ms ${range(times)} (first ${times[0]!.toFixed(0)} ms), ` +
        `${(bytes / 1024 / 1024).toFixed(2)} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`weft report: writeRunReport, median of ${RUNS} runs (goal for 1,000 tasks: < 1000 ms, < 2 MB)`);
for (const [tasks, workers] of [
  [100, 5],
  [1000, 8],
  [3000, 16],
] as const) {
  await measure(tasks, workers);
}
