import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isGroupAlive } from '../../../src/agents/process-group.js';
import { AgentMissingError, RefusedError, UsageError } from '../../../src/errors.js';
import { resolveRepo } from '../../../src/git/repo-paths.js';
import type { WorkerEvent } from '../../../src/workers/events.js';
import { WorkerRegistry } from '../../../src/workers/registry.js';
import { spawnWorker } from '../../../src/workers/spawn.js';
import { makeRepo, type TestRepo } from '../../support/repo.js';
import { expectNothingCreated } from '../../support/workers.js';

const repos: TestRepo[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const r of repos.splice(0)) r.cleanup();
});

function repo(files?: Record<string, string>): TestRepo {
  const r = makeRepo(files);
  repos.push(r);
  return r;
}

describe('spawnWorker with the shell agent', () => {
  it('runs the agent in .trees/<branch> with PORT, PARALLEL_WORKER_DEPTH and a git ceiling at .trees, commits its work, records it', async () => {
    const r = repo();
    const events: WorkerEvent[] = [];
    const { record, outcome } = await spawnWorker({
      cwd: r.dir,
      branch: 'demo',
      task: 'echo "$PORT $PARALLEL_WORKER_DEPTH $WEFT_WORKER_ID $GIT_CEILING_DIRECTORIES" > env.txt; echo finished',
      agent: 'shell',
      onEvent: (e) => events.push(e),
    });
    expect(outcome?.ok).toBe(true);
    expect(record.state).toBe('done');
    expect(record.worktree).toBe(join(r.dir, '.trees', 'demo'));
    expect(readFileSync(join(record.worktree, 'env.txt'), 'utf8')).toBe(
      `${record.port} 1 demo ${join(r.dir, '.trees')}\n`,
    );
    expect(r.git('log', '--format=%s', '-1', 'demo')).toMatch(/^weft: echo/);
    expect(record.leftoverCommit).toBe(r.git('rev-parse', 'demo'));
    expect(r.git('status', '--porcelain')).toBe('');
    const stored = await new WorkerRegistry(await resolveRepo(r.dir)).read('demo');
    expect(stored?.state).toBe('done');
    expect(readFileSync(record.logFile, 'utf8')).toContain('finished');
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['created', 'agent-started', 'leftovers-committed', 'ended']),
    );
  });

  it('reports heartbeats and the commits the agent makes as they land', async () => {
    const r = repo();
    const events: WorkerEvent[] = [];
    const { record } = await spawnWorker({
      cwd: r.dir,
      branch: 'committer',
      task: 'echo a > a.txt; git add a.txt; git commit -q -m "agent commit"; sleep 0.5; echo b > b.txt',
      heartbeatMs: 100,
      onEvent: (e) => events.push(e),
    });
    expect(record.state).toBe('done');
    const commits = events.filter((e) => e.type === 'commit');
    expect(commits).toMatchObject([{ type: 'commit', subject: 'agent commit' }]);
    expect(events.filter((e) => e.type === 'heartbeat').length).toBeGreaterThan(0);
    const leftover = events.find((e) => e.type === 'leftovers-committed');
    expect(leftover).toMatchObject({ commit: r.git('rev-parse', 'committer') });
  });

  it('records a failing agent as failed and still keeps its work', async () => {
    const r = repo();
    const { record } = await spawnWorker({ cwd: r.dir, branch: 'bad', task: 'echo partial > p.txt; exit 3' });
    expect(record.state).toBe('failed');
    expect(record.reason).toContain('3');
    expect(r.git('show', '--name-only', '--format=', 'bad')).toBe('p.txt');
  });

  it('stops the agent on timeout and records timed-out', async () => {
    const r = repo();
    const { record } = await spawnWorker({ cwd: r.dir, branch: 'slow', task: 'sleep 30', timeoutMs: 300 });
    expect(record.state).toBe('timed-out');
    expect(isGroupAlive(record.agentProcess?.pid as number)).toBe(false);
  });

  it('on abort stops the whole process group, commits what the agent left and records stopped', async () => {
    const r = repo();
    const controller = new AbortController();
    const { record } = await spawnWorker({
      cwd: r.dir,
      branch: 'stop-me',
      task: 'echo half > half.txt; sleep 30 & sleep 30',
      signal: controller.signal,
      killGraceMs: 500,
      onEvent: (e) => {
        if (e.type === 'agent-started') setTimeout(() => controller.abort('SIGINT'), 200);
      },
    });
    expect(record.state).toBe('stopped');
    expect(record.reason).toBe('stopped: SIGINT');
    expect(isGroupAlive(record.agentProcess?.pid as number)).toBe(false);
    expect(r.git('show', '--name-only', '--format=', 'stop-me')).toBe('half.txt');
  });

  it('gives concurrent workers distinct ports without tripping over git locks', async () => {
    const r = repo();
    const results = await Promise.all(
      ['p1', 'p2', 'p3'].map((branch) =>
        spawnWorker({ cwd: r.dir, branch, task: 'echo "$PORT" > port.txt' }),
      ),
    );
    expect(results.map((x) => x.record.state)).toEqual(['done', 'done', 'done']);
    expect(new Set(results.map((x) => x.record.port)).size).toBe(3);
    expect(r.branches().sort()).toEqual(['main', 'p1', 'p2', 'p3']);
  });
});

describe('spawnWorker refusals create nothing', () => {
  it('refuses an unknown agent', async () => {
    const r = repo();
    await expect(spawnWorker({ cwd: r.dir, branch: 'x', task: 't', agent: 'nope' })).rejects.toBeInstanceOf(
      UsageError,
    );
    expectNothingCreated(r);
  });

  it('refuses an agent whose binary is not installed', async () => {
    const r = repo();
    r.write('weft.config.yaml', 'command:\n  command: weft-no-such-agent\n  args: ["{prompt}"]\n');
    r.commitAll('config');
    await expect(
      spawnWorker({ cwd: r.dir, branch: 'x', task: 't', agent: 'command' }),
    ).rejects.toBeInstanceOf(AgentMissingError);
    expectNothingCreated(r);
  });

  it('refuses when PARALLEL_MAX_WORKERS are running and not waiting', async () => {
    const r = repo();
    const first = spawnWorker({ cwd: r.dir, branch: 'busy', task: 'sleep 30', killGraceMs: 200 });
    const controller = new AbortController();
    void first.catch(() => undefined);
    const reg = new WorkerRegistry(await resolveRepo(r.dir));
    while ((await reg.list()).length === 0) await new Promise((res) => setTimeout(res, 20));
    const err = await spawnWorker({
      cwd: r.dir,
      branch: 'second',
      task: 't',
      wait: false,
      env: { ...process.env, PARALLEL_MAX_WORKERS: '1' },
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).code).toBe('E_WORKER_LIMIT');
    expect(r.branches()).not.toContain('second');
    expect((await reg.list()).map((w) => w.id)).toEqual(['busy']);
  });

  it('with wait, waits for a slot until the running worker ends', async () => {
    const r = repo();
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(holder);
    const reg = new WorkerRegistry(await resolveRepo(r.dir));
    const now = new Date().toISOString();
    await reg.write({
      version: 1,
      id: 'holder',
      branch: 'holder',
      worktree: join(r.dir, '.trees', 'holder'),
      baseRef: 'HEAD',
      baseCommit: r.git('rev-parse', 'HEAD'),
      agent: 'shell',
      task: 't',
      planSteps: [],
      state: 'running',
      startedAt: now,
      heartbeatAt: now,
      owner: { pid: holder.pid as number },
      port: 1,
      usage: {},
      logFile: 'x',
      weftFiles: [],
    });
    const events: string[] = [];
    const done = spawnWorker({
      cwd: r.dir,
      branch: 'next',
      task: 'true',
      maxWorkers: 1,
      onEvent: (e) => {
        events.push(e.type);
        if (e.type === 'waiting-for-slot') holder.kill('SIGKILL');
      },
    });
    const { record } = await done;
    expect(events[0]).toBe('waiting-for-slot');
    expect(record.state).toBe('done');
  });

  it("redacts the .env values from the setup command's output and log", async () => {
    const r = repo({ '.gitignore': '.env\n', 'weft.config.yaml': 'setup: "cat .env; echo done"\n' });
    r.write('.env', 'API_TOKEN=tok-3f9a8b7c6d5e\n');
    const lines: string[] = [];
    const { record } = await spawnWorker({
      cwd: r.dir,
      branch: 'setup-secret',
      task: 'true',
      onEvent: (e) => {
        if (e.type === 'setup-output') lines.push(e.line);
      },
    });
    expect(lines).toEqual(['API_TOKEN=[redacted:API_TOKEN]', 'done']);
    const log = readFileSync(record.logFile, 'utf8');
    expect(log).toContain('API_TOKEN=[redacted:API_TOKEN]');
    expect(log).not.toContain('tok-3f9a8b7c6d5e');
  });

  it('rolls back worktree, branch and entry when the setup command fails, showing its output', async () => {
    const r = repo({ 'weft.config.yaml': 'setup: "echo installing; echo broken >&2; exit 4"\n' });
    const lines: string[] = [];
    const err = await spawnWorker({
      cwd: r.dir,
      branch: 'setup-fails',
      task: 'true',
      onEvent: (e) => {
        if (e.type === 'setup-output') lines.push(e.line);
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).code).toBe('E_SETUP');
    expect((err as RefusedError).details.join('\n')).toContain('broken');
    expect(lines).toEqual(['installing', 'broken']);
    expectNothingCreated(r);
  });
});
