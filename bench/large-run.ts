/**
 * `weft run` on a large task file whose first task fails, so that every other
 * task is skipped: TASKS (default 10,000) tasks with the shell agent, each
 * depending on 1–3 of the 50 tasks before it. Prints, for the built CLI (and
 * for BASELINE=/other/weft/cli.js, an older build, when given), the median of
 * RUNS (default 3): the time to the first task started, to the end of the run,
 * and how much the run printed (plain output, as in CI).
 * Run: `npm run build && npx tsx bench/large-run.ts`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_ENV } from './lib/gen-repo.js';
import { median } from './lib/stats.js';

const TASKS = Number(process.env.TASKS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 3);
const CLIS: Record<string, string> = {
  weft: fileURLToPath(new URL('../dist/bin/weft.js', import.meta.url)),
  ...(process.env.BASELINE ? { baseline: process.env.BASELINE } : {}),
};
const ENV = { ...BENCH_ENV, CI: 'true', NO_COLOR: '1' };

function taskFile(): string {
  const id = (i: number): string => `T${String(i).padStart(5, '0')}`;
  const out = ['---', 'agent: shell', 'workers: 4', 'max-attempts: 1', '---', ''];
  for (let i = 1; i <= TASKS; i++) {
    const deps = [...new Set([i - 1, i - 1 - (i % 7), i - 1 - (i % 50)])].filter((d) => d >= 1);
    out.push(`## ${id(i)}: Task ${i}`);
    if (deps.length > 0) out.push(`Depends: ${deps.map(id).join(', ')}`);
    out.push('', `Task ${i}.`, '', '```sh', i === 1 ? 'exit 1' : 'true', '```', '');
  }
  return out.join('\n');
}

interface Figures {
  firstTaskMs: number;
  endMs: number;
  outputBytes: number;
}

async function once_(bin: string, text: string): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-large-'));
  try {
    const git = (args: string[]) => execFileSync('git', args, { cwd: dir, env: ENV, stdio: 'ignore' });
    git(['init', '-q', '-b', 'main']);
    writeFileSync(join(dir, 'tasks.md'), text);
    git(['add', '-A']);
    git(['commit', '-q', '-m', 'tasks']);
    const t0 = performance.now();
    const child = spawn(process.execPath, [bin, 'run', 'tasks.md'], { cwd: dir, env: ENV });
    let outputBytes = 0;
    let firstTaskMs = Number.NaN;
    const count = (d: Buffer): void => {
      outputBytes += d.length;
      if (Number.isNaN(firstTaskMs) && d.includes('started by')) firstTaskMs = performance.now() - t0;
    };
    child.stdout.on('data', count);
    child.stderr.on('data', count);
    await once(child, 'exit');
    return { firstTaskMs, endMs: performance.now() - t0, outputBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const text = taskFile();
console.log(
  `load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${TASKS} tasks, the first fails, ${RUNS} runs`,
);
for (const [name, bin] of Object.entries(CLIS)) {
  const runs: Figures[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once_(bin, text));
  const m = (f: (r: Figures) => number): number => median(runs.map(f));
  console.log(
    `${name}: first task started after ${(m((r) => r.firstTaskMs) / 1000).toFixed(2)} s, ` +
      `run ended after ${(m((r) => r.endMs) / 1000).toFixed(2)} s, ` +
      `printed ${(m((r) => r.outputBytes) / 1e6).toFixed(1)} MB`,
  );
}
