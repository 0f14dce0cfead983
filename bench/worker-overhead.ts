/**
 * weft's cost around one worker, side by side with the bare git work it
 * wraps, on generated repositories of 1k and 10k files:
 *   start: spawn called -> the agent's first action
 *          vs `git worktree add -b` -> the same agent script's first action;
 *   end:   the agent's last action -> outcome recorded (spawnWorker resolved)
 *          vs `git add -A` + `git commit` after the same script.
 * The agent is the shell agent running a near no-op script that stamps the
 * time when it starts and ends (`date +%s%N`) and writes one file, so both
 * sides commit one file and both include the same process start and exit.
 * In-process (library call); the CLI's node start-up is measured separately.
 *
 * The ext4 inode-reuse trap (PERF-FACTS): creating a worktree soon after
 * deleting one is much slower. Here nothing is deleted until every creation
 * has been measured: each iteration makes a new worktree and branch, weft
 * and bare git alternate, and all removals happen (and are measured) last.
 *
 * Run: npx tsx bench/worker-overhead.ts [iterations] [parent-dir]
 * (parent-dir: where the repositories are generated, default the temp dir;
 * e.g. /dev/shm for tmpfs, which has no inode-reuse trap and is less noisy).
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveRepo } from '../src/git/repo-paths.js';
import { removeWorktree, reuseWorktree } from '../src/git/worktree.js';
import { spawnWorker } from '../src/workers/spawn.js';
import { generateRepo } from './lib/gen-repo.js';
import { median, range } from './lib/stats.js';

const ITERATIONS = Math.max(5, Number(process.argv[2] ?? 11));
const SIZES = [1000, 10_000];
const PARENT = process.argv[3] ?? tmpdir();

const now = (): number => performance.timeOrigin + performance.now();

/** The agent: stamp, write one file, stamp. Stamps are wall-clock ns, read back in ms. */
function agentScript(stampDir: string, tag: string): string {
  const start = join(stampDir, `${tag}.start`);
  const end = join(stampDir, `${tag}.end`);
  return `date +%s%N > '${start}'; echo out > out.txt; date +%s%N > '${end}'`;
}

function stamp(stampDir: string, tag: string, which: 'start' | 'end'): number {
  return Number(BigInt(readFileSync(join(stampDir, `${tag}.${which}`), 'utf8').trim()) / 1000n) / 1000;
}

function git(cwd: string, args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

function runScript(cwd: string, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-e', '-c', script], { cwd, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`script exited ${code}`))));
  });
}

interface Sample {
  start: number;
  end: number;
}

async function weftOnce(dir: string, stampDir: string, branch: string): Promise<Sample> {
  const t0 = now();
  const { record } = await spawnWorker({
    cwd: dir,
    branch,
    task: agentScript(stampDir, branch),
    agent: 'shell',
  });
  const t1 = now();
  if (record.state !== 'done')
    throw new Error(`weft worker ${branch} ended ${record.state}: ${record.reason}`);
  return { start: stamp(stampDir, branch, 'start') - t0, end: t1 - stamp(stampDir, branch, 'end') };
}

/** The same work with git alone (execFileSync: the cheapest way Node runs git). */
async function bareOnce(dir: string, stampDir: string, branch: string): Promise<Sample> {
  const path = join(dir, '.bare-trees', branch);
  const t0 = now();
  git(dir, ['worktree', 'add', '-q', '-b', branch, path, 'HEAD']);
  await runScript(path, agentScript(stampDir, branch));
  git(path, ['add', '-A']);
  git(path, ['commit', '-q', '-m', 'work']);
  const t1 = now();
  return { start: stamp(stampDir, branch, 'start') - t0, end: t1 - stamp(stampDir, branch, 'end') };
}

function fmt(values: number[]): string {
  return `${median(values).toFixed(1)} ms ${range(values, 1)}`;
}

interface Measured {
  files: number;
  dir: string;
  weft: Sample[];
  bare: Sample[];
}

/** Creations only: nothing is deleted in this phase (see the header). */
async function measureCreation(files: number, dir: string): Promise<Measured> {
  const stampDir = join(dir, '.git', 'bench-stamps');
  mkdirSync(stampDir, { recursive: true });
  appendFileSync(join(dir, '.git', 'info', 'exclude'), '/.bare-trees/\n');
  const weft: Sample[] = [];
  const bare: Sample[] = [];
  // One warm-up each (module loading, first git calls, page cache), not counted.
  await weftOnce(dir, stampDir, 'weft-warm');
  await bareOnce(dir, stampDir, 'bare-warm');
  for (let i = 0; i < ITERATIONS; i++) {
    // Alternate which goes first so drift on a shared machine hits both alike.
    if (i % 2 === 0) {
      weft.push(await weftOnce(dir, stampDir, `weft-${i}`));
      bare.push(await bareOnce(dir, stampDir, `bare-${i}`));
    } else {
      bare.push(await bareOnce(dir, stampDir, `bare-${i}`));
      weft.push(await weftOnce(dir, stampDir, `weft-${i}`));
    }
  }
  return { files, dir, weft, bare };
}

/** Pooling for reference: re-point an existing worktree (no new inodes, so no trap). */
async function measureReuse(dir: string): Promise<number[]> {
  const repo = await resolveRepo(dir);
  const base = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = now();
    await reuseWorktree(
      repo,
      { path: join(dir, '.trees', 'weft-warm') },
      { branch: `pool-${i}`, baseCommit: base },
    );
    times.push(now() - t0);
  }
  return times;
}

/** Removals, alternating weft and bare git: only after every creation of every size was measured. */
async function measureRemoval(dir: string): Promise<{ weft: number[]; bare: number[] }> {
  const repo = await resolveRepo(dir);
  const weft: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    let t0 = now();
    await removeWorktree(repo, { path: join(dir, '.trees', `weft-${i}`), branch: `weft-${i}` });
    weft.push(now() - t0);
    t0 = now();
    git(dir, ['worktree', 'remove', '--force', join(dir, '.bare-trees', `bare-${i}`)]);
    git(dir, ['branch', '-D', '-q', `bare-${i}`]);
    bare.push(now() - t0);
  }
  return { weft, bare };
}

const ratio = (a: number[], b: number[]): string => `${(median(a) / median(b)).toFixed(2)}x`;

function report(m: Measured, reuse: number[], removal: { weft: number[]; bare: number[] }): string[] {
  const ws = m.weft.map((s) => s.start);
  const bs = m.bare.map((s) => s.start);
  const we = m.weft.map((s) => s.end);
  const be = m.bare.map((s) => s.end);
  const wt = m.weft.map((s) => s.start + s.end);
  const bt = m.bare.map((s) => s.start + s.end);
  return [
    `${m.files} files (median of ${ITERATIONS}, [min–max])`,
    `  start  spawn -> agent running     weft ${fmt(ws)}   bare git ${fmt(bs)}   ratio ${ratio(ws, bs)}`,
    `  end    agent done -> recorded     weft ${fmt(we)}   bare git ${fmt(be)}   ratio ${ratio(we, be)}`,
    `  total  start + end                weft ${fmt(wt)}   bare git ${fmt(bt)}   ratio ${ratio(wt, bt)}`,
    `  paired ratio (median of weft_i / bare_i, cancels drift between pairs) ${median(wt.map((w, i) => w / (bt[i] as number))).toFixed(2)}x`,
    `  overhead per worker (weft - bare) ${(median(wt) - median(bt)).toFixed(1)} ms`,
    `  remove worktree + branch          weft ${fmt(removal.weft)}   bare git ${fmt(removal.bare)}   ratio ${ratio(removal.weft, removal.bare)}`,
    `  pooled reuse (checkout -f -B + clean) ${fmt(reuse)}   vs fresh worktree add (bare start) ${fmt(bs)}`,
  ];
}

function cliStartup(): string {
  const bin = join(import.meta.dirname, '..', 'dist', 'bin', 'weft.js');
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = now();
    execFileSync(process.execPath, [bin, '--version'], { stdio: 'ignore' });
    times.push(now() - t0);
  }
  return `CLI start-up (node dist/bin/weft.js --version): ${fmt(times)} — paid once per \`weft spawn\` on top of the above`;
}

console.log(`weft worker overhead vs bare git (${process.platform}, node ${process.version})`);
const repos = SIZES.map((files) => ({
  files,
  dir: generateRepo(files, { historyCommits: 5, dir: mkdtempSync(join(PARENT, `weft-bench-${files}-`)) }).dir,
}));
console.log(`repositories in ${PARENT}`);
try {
  const measured: Measured[] = [];
  for (const r of repos) measured.push(await measureCreation(r.files, r.dir));
  const reuse: number[][] = [];
  for (const r of repos) reuse.push(await measureReuse(r.dir));
  const removal: { weft: number[]; bare: number[] }[] = [];
  for (const r of repos) removal.push(await measureRemoval(r.dir));
  measured.forEach((m, i) => {
    for (const line of report(m, reuse[i] ?? [], removal[i] ?? { weft: [], bare: [] })) console.log(line);
  });
} finally {
  for (const r of repos) rmSync(r.dir, { recursive: true, force: true });
}
try {
  console.log(cliStartup());
} catch {
  console.log('CLI start-up: not measured (build first: npx tsc -p tsconfig.build.json)');
}
console.log(
  'note: worktrees are only deleted after all creations were measured; runs started within ~60 s of a large deletion on this disk (ext4 inode-reuse trap) read high',
);
