/**
 * Workers through the built binary: --no-wait supervisors, cleanup --force,
 * what a worktree is given (.env, .worktreeinclude, PORT, the plan), parallel
 * spawns, and the claude adapter against the fake `claude` on PATH.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { groupMembers } from '../../src/agents/process-group.js';
import { runWeft } from '../support/cli.js';
import { makeRepo, type TestRepo } from '../support/repo.js';

const FAKES = fileURLToPath(new URL('../fakes', import.meta.url));

const repos: TestRepo[] = [];
afterEach(async () => {
  for (const r of repos.splice(0)) {
    // A failed assertion must not leave a supervisor behind.
    await runWeft(['cleanup', '--force'], { cwd: r.dir });
    r.cleanup();
  }
});

function repo(files?: Record<string, string>): TestRepo {
  const r = makeRepo(files);
  repos.push(r);
  return r;
}

interface StatusRow {
  id: string;
  state: string;
  lost: boolean;
  reason?: string;
  port: number;
  commitsAhead?: number;
  usage: { costUsd?: number; inputTokens?: number };
  record?: never;
}

async function status(r: TestRepo): Promise<StatusRow[]> {
  const res = await runWeft(['status', '--json'], { cwd: r.dir });
  expect(res.exitCode).toBe(0);
  return JSON.parse(res.stdout) as StatusRow[];
}

function recordOf(r: TestRepo, id: string): { owner: { pid: number }; agentProcess?: { pid: number } } {
  return JSON.parse(readFileSync(join(r.dir, '.weft/workers', `${id}.json`), 'utf8'));
}

/** Alive and not a zombie waiting to be reaped (Linux /proc). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** Bounded poll of `weft status` (the supervisor is another process: no event reaches the test). */
async function waitForState(r: TestRepo, id: string, state: string): Promise<StatusRow> {
  for (let i = 0; i < 100; i++) {
    const row = (await status(r)).find((w) => w.id === id);
    if (row?.state === state) return row;
    await delay(100);
  }
  throw new Error(`${id} never became ${state}`);
}

describe('--no-wait workers', () => {
  it('returns at once; the supervisor enforces the timeout and records it', async () => {
    const r = repo();
    const started = Date.now();
    const res = await runWeft(
      [
        'spawn',
        '--branch',
        'bg',
        '--no-wait',
        '--timeout',
        '4s',
        '--task',
        'echo begun > begun.txt; sleep 60',
      ],
      { cwd: r.dir },
    );
    expect(res.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.stdout).toContain('bg started in the background');
    const rec = recordOf(r, 'bg');
    expect(isAlive(rec.owner.pid)).toBe(true);
    expect((await status(r))[0]).toMatchObject({ id: 'bg', state: 'running', lost: false });

    const row = await waitForState(r, 'bg', 'timed-out');
    expect(row.reason).toContain('timed out after 4.0s');
    const after = recordOf(r, 'bg');
    expect(groupMembers(after.agentProcess?.pid as number)).toEqual([]);
    // The supervisor records, then exits.
    for (let i = 0; i < 100 && isAlive(after.owner.pid); i++) await delay(50);
    expect(isAlive(after.owner.pid)).toBe(false);
    expect(r.git('show', '--name-only', '--format=', 'bg')).toBe('begun.txt');
    const results = await runWeft(['results', '--worker', 'bg'], { cwd: r.dir });
    expect(results.stdout).toContain('timed-out');
  });

  it('cleanup refuses a running worker; --force stops it (no process left) and removes it', async () => {
    const r = repo();
    await runWeft(['spawn', '--branch', 'long', '--no-wait', '--task', 'sleep 60'], { cwd: r.dir });
    const rec = recordOf(r, 'long');
    for (let i = 0; i < 200 && recordOf(r, 'long').agentProcess === undefined; i++) await delay(25);
    const agentPid = recordOf(r, 'long').agentProcess?.pid as number;

    const refused = await runWeft(['cleanup', '--worker', 'long'], { cwd: r.dir });
    expect(refused.exitCode).toBe(6);
    expect(refused.stderr).toContain('it is running');
    expect(groupMembers(agentPid).length).toBeGreaterThan(0);

    const forced = await runWeft(['cleanup', '--worker', 'long', '--force'], { cwd: r.dir });
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toContain('removed long (worktree and branch long) — stopped first');
    expect(groupMembers(agentPid)).toEqual([]);
    expect(isAlive(rec.owner.pid)).toBe(false);
    expect(r.git('branch', '--list', 'long')).toBe('');
    expect(existsSync(join(r.dir, '.trees'))).toBe(false);
  });

  it('shows a worker whose supervisor was killed as failed (lost)', async () => {
    const r = repo();
    await runWeft(['spawn', '--branch', 'orphan', '--no-wait', '--task', 'sleep 60'], { cwd: r.dir });
    const owner = recordOf(r, 'orphan').owner.pid;
    process.kill(owner, 'SIGKILL');
    for (let i = 0; i < 100 && isAlive(owner); i++) await delay(20);
    const row = (await status(r))[0];
    expect(row).toMatchObject({ state: 'failed', lost: true });
    expect((await runWeft(['status'], { cwd: r.dir })).stdout).toContain('failed (lost)');
  });
});

describe('what a worker is given', () => {
  it('copies .env and .worktreeinclude files, injects the plan and reports to the parent plan file', async () => {
    const r = repo({
      '.gitignore': '.env\nlocal/\n',
      '.worktreeinclude': 'local/\n',
      '.claude/plans/main/plan.md': '# Plan\n\n## Steps\n- [ ] Write the greeting\n- [ ] Unrelated\n',
    });
    r.write('.env', 'API_KEY=secret\n');
    r.write('local/settings.json', '{"a":1}');
    const plan = '# Worker Tasks\n\n- [ ] Write the greeting\n';
    const res = await runWeft(
      [
        'spawn',
        '--branch',
        'worker/greet',
        '--plan',
        '-',
        '--task',
        'cat .env local/settings.json > seen.txt; grep -c "Write the greeting" .weft-plan.md >> seen.txt',
      ],
      { cwd: r.dir, input: plan },
    );
    expect(res.stderr).toContain('copied .env, local/settings.json');
    expect(res.exitCode).toBe(0);
    const wt = join(r.dir, '.trees/worker/greet');
    expect(readFileSync(join(wt, 'seen.txt'), 'utf8')).toBe('API_KEY=secret\n{"a":1}1\n');
    // Neither the secrets nor the plan copy are committed.
    expect(r.git('show', '--name-only', '--format=', 'worker/greet')).toBe('seen.txt');
    expect(readFileSync(join(r.dir, '.claude/plans/main/plan.md'), 'utf8')).toBe(
      [
        '# Plan',
        '',
        '## Steps',
        '- [x] Write the greeting (branch: worker/greet)',
        '- [ ] Unrelated',
        '',
        '## Worker Branches',
        '- `worker/greet`: cat .env local/settings.json > seen.txt; grep -c "Write the greeting" .weft-plan.md >> seen.txt',
        '',
      ].join('\n'),
    );
    const cleanup = await runWeft(['cleanup', '--force'], { cwd: r.dir });
    expect(cleanup.exitCode).toBe(0);
  });

  it('runs three spawns at once without index.lock trouble, each with its own PORT', async () => {
    const r = repo();
    const runs = await Promise.all(
      ['w1', 'w2', 'w3'].map((b) =>
        runWeft(['spawn', '--branch', b, '--task', 'echo "$PORT" > port.txt'], { cwd: r.dir }),
      ),
    );
    for (const res of runs) expect(res.stderr + res.stdout).not.toMatch(/index\.lock|fatal/);
    expect(runs.map((x) => x.exitCode)).toEqual([0, 0, 0]);
    const ports = ['w1', 'w2', 'w3'].map((b) =>
      readFileSync(join(r.dir, '.trees', b, 'port.txt'), 'utf8').trim(),
    );
    expect(new Set(ports).size).toBe(3);
    const rows = await status(r);
    expect(rows.map((w) => String(w.port)).sort()).toEqual([...ports].sort());
    expect(rows.every((w) => w.commitsAhead === 1)).toBe(true);
  });

  it('waits for a slot with --wait when PARALLEL_MAX_WORKERS are running', async () => {
    const r = repo();
    await runWeft(['spawn', '--branch', 'first', '--no-wait', '--timeout', '4s', '--task', 'sleep 60'], {
      cwd: r.dir,
    });
    const res = await runWeft(['spawn', '--branch', 'second', '--task', 'true'], {
      cwd: r.dir,
      env: { PARALLEL_MAX_WORKERS: '1' },
    });
    expect(res.stderr).toContain('1 of 1 workers running (PARALLEL_MAX_WORKERS); waiting for one to finish');
    expect(res.exitCode).toBe(0);
    const rows = await status(r);
    expect(rows.map((w) => [w.id, w.state])).toEqual([
      ['first', 'timed-out'],
      ['second', 'done'],
    ]);
  });
});

describe('the claude adapter (fake claude on PATH)', () => {
  it('runs claude in the worktree, prints tool use, records usage and cost', async () => {
    const r = repo();
    const res = await runWeft(['spawn', '--branch', 'ai', '--agent', 'claude', '--task', 'Write notes'], {
      cwd: r.dir,
      env: {
        PATH: `${FAKES}:${process.env.PATH}`,
        FAKE_AGENT_WRITE: 'notes.md:# Notes\\n',
        FAKE_AGENT_MESSAGE: 'Wrote notes.md',
        FAKE_AGENT_RECORD: join(r.dir, 'claude-call.json'),
      },
    });
    expect(res.exitCode).toBe(0);
    expect(res.stderr).toMatch(/tool Write/);
    const call = JSON.parse(readFileSync(join(r.dir, 'claude-call.json'), 'utf8')) as {
      cwd: string;
      env: Record<string, string>;
    };
    expect(call.cwd).toBe(join(r.dir, '.trees/ai'));
    expect(call.env.PARALLEL_WORKER_DEPTH).toBe('1');
    expect(r.git('show', '--name-only', '--format=', 'ai')).toBe('notes.md');
    const row = (await status(r))[0];
    expect(row).toMatchObject({ state: 'done' });
    expect(row?.usage.costUsd).toBeGreaterThan(0);
    const results = await runWeft(['results'], { cwd: r.dir });
    expect(results.stdout).toContain('Wrote notes.md');
  });

  it('records a permission denial as blocked and exits 1', async () => {
    const r = repo();
    const res = await runWeft(['spawn', '--branch', 'ask', '--agent', 'claude', '--task', 'Do it'], {
      cwd: r.dir,
      env: { PATH: `${FAKES}:${process.env.PATH}`, FAKE_AGENT_MODE: 'blocked' },
    });
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain('blocked');
    expect((await status(r))[0]?.state).toBe('blocked');
    expect(readdirSync(join(r.dir, '.weft/workers')).some((f) => f === 'ask.log')).toBe(true);
  });
});
