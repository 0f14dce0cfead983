import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWeft } from '../support/cli.js';
import { makeTempDir } from '../support/repo.js';

const VALID = `# Feature

## T001: Create the store
Priority: P0
Files: create src/store.ts

Write the store.

## T002: Use the store in the API
Depends: T001
Files: modify src/api.ts, read src/store.ts

Call the store from the API.

## T003: Use the store in the UI
Files: modify src/api.ts, read src/store.ts

Show the store in the UI.
`;

const CYCLIC = `# Cyclic

## T001: Setup

Set things up.

## T003: Middle
Depends: T001, T005

Do the middle part.

## T005: End
Depends: T003

Finish.
`;

let dir: string;
beforeEach(() => {
  dir = makeTempDir('weft-plan-');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('weft plan', () => {
  it('prints a readable plan for tasks.md in the current directory and writes execution-plan.json', async () => {
    writeFileSync(join(dir, 'tasks.md'), VALID);
    const r = await runWeft(['plan', '--workers', '2'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Plan for tasks.md');
    expect(r.stdout).toMatch(/G1 {2}1 task, 1 worker\n {6}T001 {2}P0 {2}Create the store/);
    expect(r.stdout).toContain('T002  after T001 (src/store.ts)');
    // Both modify src/api.ts: ordered by file order, with a warning naming both; T003's
    // dependency on T001 (it reads what T001 creates) is implied through T002, so not shown.
    expect(r.stdout).toContain('T003  after T002 (src/api.ts)\n');
    expect(r.stdout).toContain(
      'tasks.md:16:15: T002 and T003 both modify src/api.ts (tasks.md:11:15 and tasks.md:16:15); T002 runs first',
    );
    expect(r.stdout).toContain('Critical path  T001 → T002 → T003  (length 3)');
    expect(r.stdout).toContain('Lower bound    3 with 2 workers');
    expect(r.stdout).toContain('Advice  2 files touched: small enough to do directly');
    const written = JSON.parse(readFileSync(join(dir, '.weft/plan/execution-plan.json'), 'utf8'));
    expect(written).toMatchObject({ version: 1, workers: 2, run_order: ['T001', 'T002', 'T003'] });
  });

  it('prints the cycle with file:line, exits 3 and writes nothing', async () => {
    writeFileSync(join(dir, 'tasks.md'), CYCLIC);
    const r = await runWeft(['plan', 'tasks.md', '--out', 'plans'], { cwd: dir });
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('tasks.md: 1 problem found; nothing was written');
    expect(r.stderr).toContain(
      'tasks.md:8:16: dependency cycle T003 -> T005 -> T003: T003 depends on T005 (here), T005 depends on T003 (line 13)',
    );
    expect(existsSync(join(dir, 'plans'))).toBe(false);
    expect(existsSync(join(dir, '.weft'))).toBe(false);
  });

  it('prints the JSON with --json and writes it into --out', async () => {
    writeFileSync(join(dir, 'feature.md'), VALID);
    const r = await runWeft(['plan', 'feature.md', '--json', '--out', 'out/plan'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed.groups).toEqual([
      { id: 'G1', tasks: ['T001'], workers_needed: 1 },
      { id: 'G2', tasks: ['T002'], workers_needed: 1 },
      { id: 'G3', tasks: ['T003'], workers_needed: 1 },
    ]);
    // execa drops the final newline of stdout.
    expect(readFileSync(join(dir, 'out/plan/execution-plan.json'), 'utf8')).toBe(`${r.stdout}\n`);
  });

  it('says clearly when there is no tasks.md', async () => {
    const r = await runWeft(['plan'], { cwd: dir });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`no task file given and no tasks.md in ${dir}`);
  });

  it('rejects an unknown flag and a bad worker count with exit 2', async () => {
    writeFileSync(join(dir, 'tasks.md'), VALID);
    const unknown = await runWeft(['plan', '--frobnicate'], { cwd: dir });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--frobnicate'");
    const bad = await runWeft(['plan', '--workers', 'lots'], { cwd: dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("--workers must be a positive integer, got 'lots'");
    expect(existsSync(join(dir, '.weft'))).toBe(false);
  });

  it('caps workers by PARALLEL_MAX_WORKERS and refuses inside a worker', async () => {
    writeFileSync(join(dir, 'tasks.md'), VALID);
    const capped = await runWeft(['plan', '--workers', '8', '--json'], {
      cwd: dir,
      env: { PARALLEL_MAX_WORKERS: '3' },
    });
    expect(JSON.parse(capped.stdout).workers).toBe(3);
    const nested = await runWeft(['plan'], { cwd: dir, env: { PARALLEL_WORKER_DEPTH: '1' } });
    expect(nested.exitCode).toBe(6);
    expect(nested.stderr).toContain('weft plan is disabled inside a worker');
  });
});
