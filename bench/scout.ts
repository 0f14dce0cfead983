/**
 * Scout speed: `weft` builds context.json in well under the seed's 30 s. Goal
 * here: under 3 s on a 50,000-file repository. Prints the median of 5 runs.
 */
import { rmSync } from 'node:fs';
import { scoutRepo } from '../src/scout/scout.js';
import { generateRepo } from './lib/gen-repo.js';
import { median } from './lib/stats.js';

const sizes = (process.argv[2] ?? '1000,10000,50000').split(',').map(Number);
console.log('scout: build context.json (median of 5 runs, warm cache)');
for (const n of sizes) {
  const t0 = performance.now();
  const repo = generateRepo(n, { historyCommits: 300 });
  const genMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await scoutRepo(repo.dir);
    times.push(performance.now() - s);
  }
  const m = median(times);
  console.log(
    `  ${String(n).padStart(6)} files: median ${m.toFixed(0)} ms [${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}]  goal < 3000 ms: ${m < 3000 ? 'PASS' : 'FAIL'}  (repo generated in ${(genMs / 1000).toFixed(1)} s)`,
  );
  rmSync(repo.dir, { recursive: true, force: true });
}
