/**
 * `weft spawn` through the built binary: the new-user flow, every refusal
 * leaving nothing behind, and Ctrl-C leaving no process and no lost work.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { groupMembers } from '../../src/agents/process-group.js';
import { runWeft, startWeft } from '../support/cli.js';
import { makeRepo, makeTempDir, type TestRepo } from '../support/repo.js';
import { expectNothingCreated } from '../support/workers.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function repo(files?: Record<string, string>): TestRepo {
  const r = makeRepo(files);
  repos.push(r);
  return r;
}

/** Processes whose working directory is inside `dir` (Linux /proc). */
function processesIn(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(dir)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Bounded poll on a file weft writes (no event crosses the process boundary). */
async function waitForRecord(r: TestRepo, id: string, done: (rec: Record<string, unknown>) => boolean) {
  const file = join(r.dir, '.weft', 'workers', `${id}.json`);
  for (let i = 0; i < 400; i++) {
    try {
      const rec = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (done(rec)) return rec;
    } catch {
      // not written yet
    }
    await delay(25);
  }
  throw new Error(`worker ${id} never reached the expected state`);
}

describe('weft spawn as a new user would try it', () => {
  it('spawn makes .trees/demo, runs, commits; status, results and cleanup do what they say', async () => {
    const r = repo({ 'README.md': '# demo\n' });
    const spawn = await runWeft(
      [
        'spawn',
        '--branch',
        'demo',
        '--task',
        'echo "hello from the agent" > hello.txt; echo all done',
        '--agent',
        'shell',
      ],
      { cwd: r.dir },
    );
    expect(spawn.stderr).toContain('▸ worker demo: .trees/demo on demo');
    expect(spawn.stdout).toMatch(/✓ demo done/);
    expect(spawn.exitCode).toBe(0);
    expect(readFileSync(join(r.dir, '.trees/demo/hello.txt'), 'utf8')).toBe('hello from the agent\n');
    expect(r.git('show', '--name-only', '--format=', 'demo')).toBe('hello.txt');
    expect(r.git('status', '--porcelain')).toBe('');

    const status = await runWeft(['status'], { cwd: r.dir });
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^demo\s+demo\s+shell\s+done\s+\S+\s+-\s+1\s/m);
    const json = JSON.parse((await runWeft(['status', '--json'], { cwd: r.dir })).stdout) as {
      state: string;
      commitsAhead: number;
    }[];
    expect(json).toMatchObject([{ state: 'done', commitsAhead: 1 }]);

    const results = await runWeft(['results', '--tail', '5'], { cwd: r.dir });
    expect(results.exitCode).toBe(0);
    expect(results.stdout).toContain('worker demo — branch demo, agent shell, done');
    expect(results.stdout).toContain('all done');

    const refused = await runWeft(['cleanup'], { cwd: r.dir });
    expect(refused.exitCode).toBe(6);
    expect(refused.stderr).toContain('demo has 1 commit(s) on no other branch');
    expect(refused.stderr).toContain(r.git('log', '--oneline', '--no-decorate', '-1', 'demo'));
    expect(r.branches()).toContain('demo');

    r.git('merge', '-q', '--no-edit', 'demo');
    const cleanup = await runWeft(['cleanup', '--worker', 'demo'], { cwd: r.dir });
    expect(cleanup.stdout).toContain('removed demo (worktree and branch demo)');
    expect(cleanup.exitCode).toBe(0);
    expect(r.branches()).toEqual(['main']);
    expect(existsSync(join(r.dir, '.trees'))).toBe(false);
    expect((await runWeft(['status'], { cwd: r.dir })).stdout).toContain('no workers');
  });

  it('--json prints the worker record', async () => {
    const r = repo();
    const res = await runWeft(['spawn', '--branch', 'js', '--json', '--task', 'echo hi'], { cwd: r.dir });
    expect(res.exitCode).toBe(0);
    const record = JSON.parse(res.stdout) as Record<string, unknown>;
    expect(record).toMatchObject({
      id: 'js',
      branch: 'js',
      state: 'done',
      agent: 'shell',
      finalMessage: 'hi',
    });
    expect(record.baseCommit).toBe(r.git('rev-parse', 'main'));
  });

  it('exits 1 when the agent fails, keeping what it did', async () => {
    const r = repo();
    const res = await runWeft(['spawn', '--branch', 'broken', '--task', 'echo x > x.txt; exit 7'], {
      cwd: r.dir,
    });
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toContain('✗ broken failed');
    expect(r.git('show', '--name-only', '--format=', 'broken')).toBe('x.txt');
  });
});

describe('refusals leave nothing on disk', () => {
  const cases: [string, string[], number, Record<string, string>?][] = [
    ['an invalid branch name', ['--branch', 'a..b'], 4],
    ['an option-like branch name', ['--branch=--upload-pack=x'], 4],
    ['an unknown --from', ['--branch', 'x', '--from', 'nope'], 2],
    ['an option-like --from', ['--branch', 'x', '--from=--upload-pack=x'], 2],
    ['an unknown agent', ['--branch', 'x', '--agent', 'nobody'], 2],
    ['a missing agent binary', ['--branch', 'x', '--agent', 'claude'], 5, { PATH: '/usr/bin:/bin' }],
    ['a bad --timeout', ['--branch', 'x', '--timeout', 'soon'], 2],
    ['a missing --branch', [], 2],
    ['spawning inside a worker', ['--branch', 'x'], 6, { PARALLEL_WORKER_DEPTH: '1' }],
    ['a bad PARALLEL_MAX_WORKERS', ['--branch', 'x'], 2, { PARALLEL_MAX_WORKERS: 'many' }],
  ];
  for (const [name, args, code, env] of cases) {
    it(`refuses ${name} (exit ${code})`, async () => {
      const r = repo();
      const res = await runWeft(['spawn', ...args, '--task', 'touch x'], { cwd: r.dir, env });
      expect(res.stderr).toMatch(/^weft: |error: /m);
      expect(res.exitCode).toBe(code);
      expectNothingCreated(r);
    });
  }

  it('refuses an existing branch', async () => {
    const r = repo();
    r.git('branch', 'taken');
    const res = await runWeft(['spawn', '--branch', 'taken', '--task', 'touch x'], { cwd: r.dir });
    expect(res.exitCode).toBe(4);
    expect(res.stderr).toContain('branch "taken" already exists');
    expect(r.branches()).toEqual(['main', 'taken']);
    expect(existsSync(join(r.dir, '.trees'))).toBe(false);
  });

  it('refuses outside a git repository', async () => {
    const dir = makeTempDir();
    try {
      const res = await runWeft(['spawn', '--branch', 'x', '--task', 'touch x'], { cwd: dir });
      expect(res.exitCode).toBe(4);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses with --no-wait when PARALLEL_MAX_WORKERS are running', async () => {
    const r = repo();
    const first = await runWeft(['spawn', '--branch', 'one', '--no-wait', '--task', 'sleep 30'], {
      cwd: r.dir,
    });
    expect(first.exitCode).toBe(0);
    const second = await runWeft(['spawn', '--branch', 'two', '--no-wait', '--task', 'true'], {
      cwd: r.dir,
      env: { PARALLEL_MAX_WORKERS: '1' },
    });
    expect(second.exitCode).toBe(6);
    expect(second.stderr).toContain('1 workers are running; PARALLEL_MAX_WORKERS is 1');
    expect(r.branches()).toEqual(['main', 'one']);
    expect(readdirSync(join(r.dir, '.weft', 'workers')).filter((f) => f.startsWith('two'))).toEqual([]);
    expect((await runWeft(['cleanup', '--force'], { cwd: r.dir })).exitCode).toBe(0);
  });
});

describe('interrupting weft spawn --wait', () => {
  for (const signal of ['SIGINT', 'SIGHUP'] as const) {
    it(`${signal}: stops the agent process group, commits its work, records stopped, exits 130`, async () => {
      const r = repo();
      const child = startWeft(
        ['spawn', '--branch', 'int', '--task', 'echo half > half.txt; sleep 60 & sleep 60'],
        { cwd: r.dir },
      );
      const rec = await waitForRecord(r, 'int', (x) => x.agentProcess !== undefined);
      const agentPid = (rec.agentProcess as { pid: number }).pid;
      // Bounded poll: the agent has done its first step.
      for (let i = 0; i < 400 && !existsSync(join(r.dir, '.trees/int/half.txt')); i++) await delay(25);
      expect(groupMembers(agentPid).length).toBeGreaterThan(0);
      child.kill(signal);
      const res = await child;
      expect(res.exitCode).toBe(130);
      expect(groupMembers(agentPid)).toEqual([]);
      expect(processesIn(join(r.dir, '.trees'))).toEqual([]);
      expect(r.git('show', '--name-only', '--format=', 'int')).toBe('half.txt');
      const final = JSON.parse(readFileSync(join(r.dir, '.weft/workers/int.json'), 'utf8')) as {
        state: string;
        reason: string;
      };
      expect(final).toMatchObject({ state: 'stopped', reason: `stopped: ${signal}` });
    });
  }

  it('before the agent starts (during setup), rolls everything back', async () => {
    const r = repo({ 'weft.config.yaml': 'setup: "echo preparing; sleep 60"\n' });
    const child = startWeft(['spawn', '--branch', 'early', '--task', 'true'], { cwd: r.dir });
    child.stderr?.setEncoding('utf8');
    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (text: string) => {
        if (text.includes('setup │ preparing')) resolve();
      });
    });
    child.kill('SIGTERM');
    const res = await child;
    expect(res.exitCode).toBe(130);
    expect(processesIn(r.dir)).toEqual([]);
    expectNothingCreated(r);
  });
});
