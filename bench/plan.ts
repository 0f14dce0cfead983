/**
 * Parse + validate + plan a generated task file of 10,000 tasks and 30,000
 * dependencies. Goals (issue 2): under 0.3 s wall and under 200 MB RSS.
 * Prints in-process phase timings (median of 5) and the built CLI's wall time
 * and peak RSS (`weft plan --json`, median of 5). Run: `npx tsx bench/plan.ts`
 * (build first: `npx tsc -p tsconfig.build.json`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTaskGraph } from '../src/graph/build.js';
import { planExecution } from '../src/graph/plan.js';
import { toExecutionPlanJson } from '../src/graph/plan-json.js';
import { readTaskFile } from '../src/tasks/parse.js';

const TASKS = 10_000;
const DEPENDENCIES = 30_000;
const FILES = 3_000;
const RUNS = 5;
const GOAL_SECONDS = 0.3;
const GOAL_MB = 200;

/** Deterministic PRNG (mulberry32) so every run plans the same file. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Task i depends on 3 distinct earlier tasks drawn from the 400 before it (the
 * first tasks on fewer, the last ones on 4, so the total is exactly 30,000),
 * and touches 1–3 of 3,000 files: the first task to touch a file creates it,
 * later ones modify it (60%) or read it (40%), and 5% of files are deleted by
 * the last task that touches them. Priorities P0–P3 and estimates 1–5 are random.
 */
export function generateTaskFile(): { text: string; dependencies: number } {
  const rand = random(42);
  const pick = (n: number): number => Math.floor(rand() * n);
  const fileLists: number[][] = [];
  const lastUse = new Map<number, number>();
  for (let i = 0; i < TASKS; i++) {
    const files = new Set<number>();
    for (let k = 1 + pick(3); k > 0; k--) files.add(pick(FILES));
    fileLists.push([...files]);
    for (const f of files) lastUse.set(f, i);
  }
  const deleted = new Set([...lastUse.keys()].filter(() => rand() < 0.05));
  const created = new Set<number>();
  const id = (i: number): string => `T${String(i + 1).padStart(5, '0')}`;
  const out: string[] = ['---', 'workers: 5', '---', '# Generated plan', ''];
  let dependencies = 0;
  for (let i = 0; i < TASKS; i++) {
    const wanted = Math.min(i, i >= TASKS - (DEPENDENCIES - (3 * TASKS - 6)) ? 4 : 3);
    const deps = new Set<number>();
    while (deps.size < wanted) deps.add(i - 1 - pick(Math.min(i, 400)));
    dependencies += deps.size;
    const files = fileLists[i]!.map((f) => {
      const op = !created.has(f)
        ? 'create'
        : deleted.has(f) && lastUse.get(f) === i
          ? 'delete'
          : rand() < 0.6
            ? 'modify'
            : 'read';
      created.add(f);
      return `${op} src/m${f % 50}/file${f}.ts`;
    });
    out.push(`## ${id(i)}: Generated task ${i + 1}`);
    out.push(`Priority: P${pick(4)}`);
    if (deps.size > 0) out.push(`Depends: ${[...deps].map(id).join(', ')}`);
    out.push(`Files: ${files.join(', ')}`);
    out.push(
      `Estimate: ${1 + pick(5)}`,
      '',
      `Do generated task ${i + 1}: update the files listed above.`,
      '',
    );
  }
  return { text: out.join('\n'), dependencies };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;

async function inProcess(path: string): Promise<void> {
  const phases = { parse: [] as number[], graph: [] as number[], plan: [] as number[], json: [] as number[] };
  const totals: number[] = [];
  let summary = '';
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const { taskFile, diagnostics } = await readTaskFile(path);
    const t1 = performance.now();
    const built = buildTaskGraph(taskFile);
    const t2 = performance.now();
    const plan = planExecution(built.graph, { workers: 5 });
    const t3 = performance.now();
    const json = toExecutionPlanJson(plan);
    const t4 = performance.now();
    phases.parse.push(t1 - t0);
    phases.graph.push(t2 - t1);
    phases.plan.push(t3 - t2);
    phases.json.push(t4 - t3);
    totals.push(t4 - t0);
    if (diagnostics.length + built.diagnostics.length > 0) {
      throw new Error(
        `generated file is invalid: ${JSON.stringify([...diagnostics, ...built.diagnostics][0])}`,
      );
    }
    summary =
      `${taskFile.tasks.length} tasks, ${built.graph.edgeCount} edges after implicit file dependencies, ` +
      `${plan.groups.length} groups, ${built.warnings.length} warnings, critical path ${plan.criticalPath.length}, ` +
      `JSON ${(json.length / 1e6).toFixed(1)} MB`;
  }
  console.log(`graph: ${summary}`);
  console.log(
    `in-process, median of ${RUNS}: parse ${ms(median(phases.parse))} + graph ${ms(median(phases.graph))} + ` +
      `plan ${ms(median(phases.plan))} + json ${ms(median(phases.json))} = ${ms(median(totals))}` +
      `  (first run ${ms(totals[0]!)})`,
  );
}

function viaCli(path: string, dir: string): void {
  const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  // Report the child's own peak RSS as it exits.
  const reporter =
    "data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))";
  const walls: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      [`--import=${reporter}`, main, 'plan', path, '--json', '--out', join(dir, 'out')],
      { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } },
    );
    walls.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`weft plan failed (${r.status}): ${r.stderr}`);
    rss.push(Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? Number.NaN) / 1024);
  }
  const idle = spawnSync(process.execPath, [`--import=${reporter}`, main, '--version'], { encoding: 'utf8' });
  const t0 = performance.now();
  spawnSync(process.execPath, [main, '--version']);
  const startup = performance.now() - t0;
  const idleRss = Number(/maxrss=(\d+)/.exec(idle.stderr)?.[1]) / 1024;
  const wall = median(walls);
  const peak = Math.max(...rss);
  console.log(
    `CLI \`weft plan --json\`, median of ${RUNS}: ${ms(wall)} wall (node start-up alone ${ms(startup)}), ` +
      `peak RSS ${peak.toFixed(0)} MB (\`weft --version\`: ${idleRss.toFixed(0)} MB)`,
  );
  console.log(
    `goals: wall ${(wall / 1000).toFixed(3)} s vs < ${GOAL_SECONDS} s → ${wall / 1000 < GOAL_SECONDS ? 'OK' : 'OVER'}; ` +
      `RSS ${peak.toFixed(0)} MB vs < ${GOAL_MB} MB → ${peak < GOAL_MB ? 'OK' : 'OVER'}`,
  );
}

if (process.argv[2] === '--write') {
  writeFileSync(process.argv[3]!, generateTaskFile().text);
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'weft-bench-plan-'));
try {
  const { text, dependencies } = generateTaskFile();
  const path = join(dir, 'tasks.md');
  writeFileSync(path, text);
  console.log(
    `task file: ${TASKS} tasks, ${dependencies} written dependencies, ${(text.length / 1e6).toFixed(1)} MB, ${path}`,
  );
  await inProcess(path);
  viaCli(path, dir);
  console.log(
    `in-process peak RSS of this benchmark (tsx + generator included): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
