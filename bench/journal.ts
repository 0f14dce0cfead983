/**
 * The journal's cost: an fsync per event versus group commit (events emitted
 * in the same tick share one write + fdatasync), on the disk the repository
 * lives on. Run: npx tsx bench/journal.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Journal } from '../src/journal/journal.js';
import { EventStamper, type RunEvent } from '../src/run/events.js';

const EVENTS = 400;
const RUNS = 5;
const dir = mkdtempSync(join(process.cwd(), '.bench-journal-'));

function events(n: number): RunEvent[] {
  const s = new EventStamper();
  return Array.from({ length: n }, (_, i) =>
    s.stamp({
      type: 'task.started',
      taskId: `T${i}`,
      workerId: 'worker-1',
      attempt: 1,
      branch: `weft/x/T${i}`,
      baseCommit: 'a'.repeat(40),
    }),
  );
}

/** Append in bursts of `burst` events per tick, awaiting each burst. Returns ms per event and write count. */
async function measure(burst: number, sync: boolean): Promise<{ perEvent: number; writes: number }> {
  const path = join(dir, `events-${burst}-${sync}-${Math.random()}.jsonl`);
  const j = await Journal.open(path, { sync });
  const all = events(EVENTS);
  const t0 = performance.now();
  for (let i = 0; i < all.length; i += burst) {
    await Promise.all(all.slice(i, i + burst).map((e) => j.append(e)));
  }
  const ms = performance.now() - t0;
  await j.close();
  return { perEvent: ms / EVENTS, writes: j.writeCount };
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

try {
  console.log(
    `journal append cost, ${EVENTS} events, median of ${RUNS} runs (filesystem of ${process.cwd()})`,
  );
  const cases: [string, number, boolean][] = [
    ['one event per tick, fdatasync each', 1, true],
    ['bursts of 5 per tick (group commit), fdatasync', 5, true],
    ['bursts of 20 per tick (group commit), fdatasync', 20, true],
    ['one event per tick, no fsync (for reference only)', 1, false],
  ];
  const results: number[] = [];
  for (const [name, burst, sync] of cases) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) runs.push(await measure(burst, sync));
    const per = runs.map((x) => x.perEvent);
    results.push(median(per));
    console.log(
      `  ${name.padEnd(52)} ${median(per).toFixed(3)} ms/event [${Math.min(...per).toFixed(3)}–${Math.max(...per).toFixed(3)}], ` +
        `${runs[0]!.writes} writes`,
    );
  }
  console.log(
    `  group commit of 5 is ${(results[0]! / results[1]!).toFixed(1)}× cheaper per event than fsync per event`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
