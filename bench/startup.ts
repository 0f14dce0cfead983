/**
 * How fast weft starts: the bundled CLI (dist/bin/weft.js, what `bin` names)
 * side by side with tsc's unbundled output (dist/cli/main.js), interleaved,
 * median of RUNS (default 9):
 *   - `weft --version` (argument parsing only) and `node -e 0` (node itself);
 *   - `weft plan` on examples/greeter (parse + plan a small task file);
 *   - `weft status` in a fresh repository;
 *   - `weft run` on a one-task file with the shell agent: from the command's
 *     start to the task's `sh` block running in its worktree, and the whole run;
 *   - `weft run` on a 1,000-task file (BIG_TASKS): from the command's start to
 *     its first `task.started` event (then it is stopped with SIGINT).
 * Run: `npm run build && npx tsx bench/startup.ts`. `BASELINE=/other/weft/cli.js`
 * adds a third CLI (an older build, say) to the same interleaved runs.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_ENV } from './lib/gen-repo.js';
import { median } from './lib/stats.js';

const RUNS = Number(process.env.RUNS ?? 9);
const root = fileURLToPath(new URL('..', import.meta.url));
const CLIS: Record<string, string> = {
  bundled: join(root, 'dist', 'bin', 'weft.js'),
  unbundled: join(root, 'dist', 'cli', 'main.js'),
  ...(process.env.BASELINE ? { baseline: process.env.BASELINE } : {}),
};
const ENV = { ...BENCH_ENV, CI: 'true', NO_COLOR: '1' };

function timed(argv: string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, {
    cwd,
    env: ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function freshRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-startup-'));
  const git = (args: string[]) => execFileSync('git', args, { cwd: dir, env: ENV, stdio: 'ignore' });
  git(['init', '-q', '-b', 'main']);
  writeFileSync(join(dir, 'README.md'), '# bench\n');
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'init']);
  return dir;
}

/** One `weft run` of a single shell task that stamps the time it starts: [to the task, whole run] in ms. */
function timedRun(bin: string): [number, number] {
  const dir = freshRepo();
  const stamp = join(dir, '..', `${dir.split('/').pop()}.stamp`);
  try {
    writeFileSync(
      join(dir, 'tasks.md'),
      [
        '---',
        'agent: shell',
        '---',
        '## T001: Stamp the time',
        'Files: create stamp.txt',
        '',
        'Write the time.',
        '',
        '```sh',
        `node -e 'require("fs").writeFileSync(process.argv[1], String(Date.now()))' '${stamp}'`,
        'echo done > stamp.txt',
        '```',
        '',
      ].join('\n'),
    );
    execFileSync('git', ['add', '-A'], { cwd: dir, env: ENV });
    execFileSync('git', ['commit', '-q', '-m', 'tasks'], { cwd: dir, env: ENV });
    const start = Date.now();
    const whole = timed([bin, 'run', 'tasks.md'], dir);
    // The stamp is taken by a node process the task starts; its own start-up is
    // the same for both CLIs, so it cancels out of the comparison.
    return [Number(readFileSync(stamp, 'utf8')) - start, whole];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(stamp, { force: true });
  }
}

const BIG_TASKS = Number(process.env.BIG_TASKS ?? 1000);

function bigTaskFile(): string {
  const out = ['---', 'agent: shell', 'workers: 4', '---', ''];
  for (let i = 1; i <= BIG_TASKS; i++) {
    const id = `T${String(i).padStart(5, '0')}`;
    out.push(
      `## ${id}: Task ${i}`,
      `Files: create f${i}.txt`,
      '',
      `Task ${i}.`,
      '',
      '```sh',
      `echo ${i} > f${i}.txt`,
      '```',
      '',
    );
  }
  return out.join('\n');
}

/** `weft run` of BIG_TASKS tasks: ms from the command's start to its first task.started event. */
async function timedFirstTask(bin: string): Promise<number> {
  const dir = freshRepo();
  try {
    writeFileSync(join(dir, 'tasks.md'), bigTaskFile());
    execFileSync('git', ['add', '-A'], { cwd: dir, env: ENV });
    execFileSync('git', ['commit', '-q', '-m', 'tasks'], { cwd: dir, env: ENV });
    const t0 = performance.now();
    const child = spawn(process.execPath, [bin, 'run', 'tasks.md', '--json'], {
      cwd: dir,
      env: ENV,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let seen = '';
    let first = Number.NaN;
    child.stdout.on('data', (d: Buffer) => {
      if (!Number.isNaN(first)) return;
      seen += d.toString();
      if (seen.includes('"type":"task.started"')) {
        first = performance.now() - t0;
        child.kill('SIGINT');
      }
    });
    await once(child, 'exit');
    if (Number.isNaN(first)) throw new Error(`${bin}: no task started`);
    return first;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const figures = new Map<string, number[]>();
const add = (key: string, ms: number): void => {
  figures.set(key, [...(figures.get(key) ?? []), ms]);
};

console.log(
  `load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${RUNS} runs, interleaved`,
);
const statusRepo = freshRepo();
try {
  for (let i = 0; i < RUNS; i++) {
    add('node -e 0', timed(['-e', '0'], root));
    for (const [cli, bin] of Object.entries(CLIS)) {
      add(`${cli} --version`, timed([bin, '--version'], root));
      add(
        `${cli} plan`,
        timed(
          [bin, 'plan', join('examples', 'greeter', 'tasks.md'), '--out', join(statusRepo, '.plan')],
          root,
        ),
      );
      add(`${cli} status`, timed([bin, 'status'], statusRepo));
      const [toTask, whole] = timedRun(bin);
      add(`${cli} run: to the task`, toTask);
      add(`${cli} run: whole`, whole);
      add(`${cli} run ${BIG_TASKS}: to the first task`, await timedFirstTask(bin));
    }
  }
} finally {
  rmSync(statusRepo, { recursive: true, force: true });
}

const fmt = (xs: number[]): string => `${median(xs).toFixed(0)} ms`;
console.log(`node -e 0: ${fmt(figures.get('node -e 0')!)}`);
for (const what of [
  '--version',
  'plan',
  'status',
  'run: to the task',
  'run: whole',
  `run ${BIG_TASKS}: to the first task`,
]) {
  const u = figures.get(`unbundled ${what}`)!;
  const cells = Object.keys(CLIS).map((cli) => {
    const xs = figures.get(`${cli} ${what}`)!;
    const ratio = cli === 'unbundled' ? '' : ` (${(median(xs) / median(u)).toFixed(2)})`;
    return `${cli} ${fmt(xs).padStart(7)}${ratio}`;
  });
  console.log(`weft ${what.padEnd(30)} ${cells.join('   ')}`);
}
console.log('(in brackets: the ratio to the unbundled CLI in the same runs)');
console.log(
  `load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
