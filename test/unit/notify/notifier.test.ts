import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../../../src/notify/notifier.js';
import type { RunEvent } from '../../../src/run/events.js';
import type { WorkerActivity } from '../../../src/run/options.js';

let dir: string;
let log: string;

/** A fake desktop notifier on PATH that records each call's argv as one JSON line. */
function fakeBinary(name: string): void {
  const path = join(dir, 'bin', name);
  writeFileSync(
    path,
    `#!${process.execPath}\nrequire('node:fs').appendFileSync(process.env.FAKE_LOG, JSON.stringify([require('node:path').basename(process.argv[1]), ...process.argv.slice(2)]) + '\\n');\n`,
  );
  chmodSync(path, 0o755);
}

function calls(): string[][] {
  try {
    return readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as string[]);
  } catch {
    return [];
  }
}

const env = (): NodeJS.ProcessEnv => ({ PATH: `${join(dir, 'bin')}:/usr/bin:/bin`, FAKE_LOG: log });

const blockedActivity = (taskId = 'T003'): WorkerActivity => ({
  workerId: 'worker-2',
  taskId,
  kind: 'blocked',
  text: 'permission denied: Bash(rm -rf build)',
  time: Date.parse('2026-01-01T00:00:00Z'),
});

const event = (e: Record<string, unknown>): RunEvent =>
  ({ seq: 1, time: '2026-01-01T00:00:00.000Z', ...e }) as RunEvent;

const started = event({
  type: 'run.started',
  runId: '20260101-000000-abcd',
  taskFile: 'tasks.md',
  base: 'main',
  baseCommit: 'a',
  integrationBranch: 'weft/20260101-000000-abcd',
  workers: 2,
  plan: { tasks: [] },
});

const finished = event({
  type: 'run.finished',
  summary: {
    total: 7,
    merged: 6,
    failed: 1,
    skipped: 0,
    conflicted: 0,
    durationMs: 1000,
    workersUsed: 2,
    parallelism: 1.5,
    usage: {},
    integrationBranch: 'weft/20260101-000000-abcd',
    unmergedBranches: [],
  },
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-notify-'));
  mkdirSync(join(dir, 'bin'));
  log = join(dir, 'calls.jsonl');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('desktop notifications', () => {
  it('calls notify-send once when a worker becomes blocked, again only for a new episode', async () => {
    fakeBinary('notify-send');
    const n = createNotifier({ notify: true, env: env(), platform: 'linux' });
    n.onEvent!(started);
    n.onActivity!(blockedActivity());
    n.onActivity!(blockedActivity()); // the same block, reported again by the agent
    await n.idle();
    expect(calls()).toEqual([
      [
        'notify-send',
        '--app-name=weft',
        '--urgency=critical',
        '--',
        'weft: worker-2 needs you',
        'T003: permission denied: Bash(rm -rf build)',
      ],
    ]);
    n.onEvent!(
      event({
        type: 'task.started',
        taskId: 'T003',
        workerId: 'worker-2',
        attempt: 2,
        branch: 'b',
        baseCommit: 'c',
      }),
    );
    n.onActivity!(blockedActivity());
    await n.idle();
    expect(calls()).toHaveLength(2);
  });

  it('notifies when the run finishes or stops on a critical failure, not on a Ctrl-C', async () => {
    fakeBinary('notify-send');
    const n = createNotifier({ notify: true, env: env(), platform: 'linux' });
    n.onEvent!(started);
    n.onEvent!(event({ type: 'run.stopped', reason: 'interrupted (SIGINT)', critical: false }));
    n.onEvent!(event({ type: 'run.stopped', reason: 'every P0 task failed', critical: true }));
    n.onEvent!(finished);
    await n.idle();
    // Deliveries run concurrently: their order is not fixed.
    const texts = calls()
      .map((c) => c.slice(-2))
      .sort((a, b) => b[0]!.localeCompare(a[0]!));
    expect(texts).toEqual([
      [
        'weft: run stopped (critical failure)',
        'every P0 task failed · resume with: weft resume 20260101-000000-abcd',
      ],
      [
        'weft: run finished with problems',
        '6 of 7 tasks merged · 1 failed · 0 skipped · 0 conflicted · result on weft/20260101-000000-abcd',
      ],
    ]);
  });

  it('uses osascript on macOS, with the text as arguments', async () => {
    fakeBinary('osascript');
    const n = createNotifier({ notify: true, env: env(), platform: 'darwin' });
    n.onActivity!(blockedActivity());
    await n.idle();
    const [call] = calls();
    expect(call![0]).toBe('osascript');
    expect(call!.slice(-2)).toEqual([
      'weft: worker-2 needs you',
      'T003: permission denied: Bash(rm -rf build)',
    ]);
    expect(call).toContain('display notification (item 2 of argv) with title (item 1 of argv)');
  });

  it('rings the bell when there is no desktop notifier, and stays silent when turned off', async () => {
    let bells = 0;
    const on = createNotifier({
      notify: true,
      env: { PATH: join(dir, 'bin') },
      platform: 'linux',
      bell: () => bells++,
    });
    on.onActivity!(blockedActivity());
    on.onEvent!(finished);
    await on.idle();
    expect(bells).toBe(2);
    fakeBinary('notify-send');
    const off = createNotifier({ notify: false, env: env(), platform: 'linux', bell: () => bells++ });
    off.onActivity!(blockedActivity('T009'));
    off.onEvent!(finished);
    await off.idle();
    expect(bells).toBe(2);
    expect(calls()).toEqual([]);
  });
});

describe('the --on-event hook', () => {
  it('gets the event as JSON on stdin, through sh -c', async () => {
    const out = join(dir, 'hook.out');
    const n = createNotifier({
      notify: false,
      onEventCmd: `cat >> '${out}'; echo "type=$WEFT_EVENT_TYPE run=$WEFT_RUN_ID" >> '${out}'`,
      env: env(),
    });
    n.onEvent!(started);
    n.onEvent!(event({ type: 'task.merged', taskId: 'T1', commit: 'a', integrationCommit: 'b' })); // no alert
    n.onActivity!(blockedActivity());
    await n.idle();
    n.onEvent!(finished);
    await n.idle();
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toEqual({
      type: 'worker.blocked',
      time: '2026-01-01T00:00:00.000Z',
      runId: '20260101-000000-abcd',
      workerId: 'worker-2',
      taskId: 'T003',
      reason: 'permission denied: Bash(rm -rf build)',
    });
    expect(lines[1]).toBe('type=worker.blocked run=20260101-000000-abcd');
    expect(JSON.parse(lines[2]!)).toMatchObject({ type: 'run.finished', summary: { merged: 6 } });
    expect(lines[3]).toBe('type=run.finished run=20260101-000000-abcd');
  });

  it('never throws into the run: a failing or hanging hook is reported and stopped', async () => {
    const problems: string[] = [];
    const failing = createNotifier({
      notify: false,
      onEventCmd: 'exit 3',
      env: env(),
      onProblem: (p) => problems.push(p),
    });
    expect(() => failing.onEvent!(finished)).not.toThrow();
    await failing.idle();
    expect(problems).toEqual(['sh exited with code 3']);

    const hanging = createNotifier({
      notify: false,
      onEventCmd: 'sleep 30',
      env: env(),
      timeoutMs: 300,
      onProblem: (p) => problems.push(p),
    });
    const t = Date.now();
    hanging.onEvent!(finished);
    await hanging.idle();
    expect(Date.now() - t).toBeLessThan(5000);
    expect(problems[1]).toBe('sh took longer than 300 ms and was stopped');
  });

  it('drops alerts beyond a small queue instead of piling up processes', async () => {
    const n = createNotifier({ notify: false, onEventCmd: 'cat > /dev/null', env: env() });
    for (let i = 0; i < 40; i++) n.onActivity!(blockedActivity(`T${i}`));
    await n.idle();
    expect(n.dropped).toBeGreaterThan(0);
    expect(n.dropped).toBeLessThan(40);
  });
});
