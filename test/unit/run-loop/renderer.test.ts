import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TerminalRenderer } from '../../../src/report/terminal-renderer.js';
import type { RunEvent } from '../../../src/run/events.js';

async function collect(mode: 'plain' | 'json' | 'tty') {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => {
    text += d.toString();
  });
  const r = await TerminalRenderer.create({ out, mode, statusIntervalMs: 3_600_000 });
  return { r, text: () => text };
}

let seq = 0;
const ev = (e: Record<string, unknown>): RunEvent =>
  ({ seq: ++seq, time: new Date().toISOString(), ...e }) as RunEvent;

const started = ev({
  type: 'run.started',
  runId: '20261121-120000-abcd',
  taskFile: 'tasks.md',
  base: 'main',
  baseCommit: 'a'.repeat(40),
  integrationBranch: 'weft/20261121-120000-abcd',
  workers: 2,
  agent: 'shell',
  plan: {
    tasks: [
      { id: 'T1', title: 'One', priority: 'P1', dependsOn: [], files: [] },
      { id: 'T2', title: 'Two', priority: 'P2', dependsOn: ['T1'], files: [] },
    ],
    groups: [
      { id: 'G1', taskIds: ['T1'] },
      { id: 'G2', taskIds: ['T2'] },
    ],
  },
});

const T1_STARTED = ev({
  type: 'task.started',
  taskId: 'T1',
  workerId: 'worker-1',
  attempt: 1,
  branch: 'b',
  baseCommit: 'c',
});

describe('TerminalRenderer', () => {
  it('prints seed 003’s event lines, group completions and a status block every 10 events', async () => {
    const { r, text } = await collect('plain');
    r.onEvent(started);
    r.onEvent(T1_STARTED);
    r.onEvent(
      ev({
        type: 'task.failed',
        taskId: 'T1',
        attempt: 1,
        workerId: 'worker-1',
        reason: 'boom',
        willRetry: true,
      }),
    );
    r.onEvent(ev({ type: 'worker.replaced', workerId: 'worker-1', reason: 'crashed', taskId: 'T1' }));
    r.onEvent(
      ev({
        type: 'task.started',
        taskId: 'T1',
        workerId: 'worker-2',
        attempt: 2,
        branch: 'b2',
        baseCommit: 'c',
      }),
    );
    r.onEvent(
      ev({
        type: 'task.finished',
        taskId: 'T1',
        attempt: 2,
        workerId: 'worker-2',
        commit: 'd',
        usage: {},
        durationMs: 4200,
      }),
    );
    r.onEvent(ev({ type: 'task.merged', taskId: 'T1', commit: 'd', integrationCommit: 'e'.repeat(40) }));
    const t = text();
    expect(t).toContain('⚡ T1 started by worker-1');
    expect(t).toContain('✗ T1 failed: boom — retrying');
    expect(t).toContain('⚠️ worker-1 replaced, T1 re-queued (crashed)');
    expect(t).toContain('⚡ T1 started by worker-2 (attempt 2)');
    expect(t).toContain('✓ T1 completed by worker-2 in 4.2s');
    expect(t).toContain('═══ Group G1 completed: 1 of 1 tasks merged');
    expect(t).not.toContain('ORCHESTRATION STATUS');
    for (let i = 0; i < 4; i++) r.onEvent(ev({ type: 'conflict.predicted', a: 'T1', b: 'T2', files: ['x'] }));
    expect(text()).toContain('ORCHESTRATION STATUS');
    expect(text()).toContain('✓ T1: One');
    r.close();
  });

  it('does not let a burst of skipped tasks print status blocks, and shortens the block of a large plan', async () => {
    const { r, text } = await collect('plain');
    const ids = Array.from({ length: 100 }, (_, i) => `T${i + 1}`);
    r.onEvent(
      ev({
        ...started,
        plan: {
          tasks: ids.map((id) => ({ id, title: id, priority: 'P2', dependsOn: [], files: [] })),
          groups: [{ id: 'G1', taskIds: ids }],
        },
      }),
    );
    for (const id of ids.slice(1))
      r.onEvent(ev({ type: 'task.skipped', taskId: id, reason: 'dependency T1 failed' }));
    expect(text()).not.toContain('ORCHESTRATION STATUS');
    for (let i = 0; i < 10; i++) r.onEvent(ev({ ...T1_STARTED, attempt: i + 1 }));
    const block = text().slice(text().indexOf('ORCHESTRATION STATUS'));
    expect(block).toContain('⚡ T1: Running on worker-1');
    expect(block).toContain('… 99 more tasks');
    expect(block.split('\n').length).toBeLessThan(20);
    r.close();
  });

  it('prints JSON lines only with --json', async () => {
    const { r, text } = await collect('json');
    r.onEvent(started);
    r.onActivity({ workerId: 'worker-1', taskId: 'T1', kind: 'tool', text: 'Bash ls', time: 0 });
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).type).toBe('run.started');
  });

  it('in a terminal, keeps a live footer of the workers below the event lines (log-update, loaded on create)', async () => {
    const { r, text } = await collect('tty');
    r.onEvent(started);
    r.onEvent(T1_STARTED);
    r.onActivity({ workerId: 'worker-1', taskId: 'T1', kind: 'tool', text: 'Bash ls', time: 0 });
    r.status();
    expect(text()).toContain('T1');
    expect(text()).toContain('ORCHESTRATION STATUS');
    expect(text()).toMatch(/\u001b\[/); // the footer is redrawn with escape sequences
    r.close();
  });

  it('says when a worker needs a human', async () => {
    const { r, text } = await collect('plain');
    r.onEvent(started);
    r.onActivity({
      workerId: 'worker-1',
      taskId: 'T1',
      kind: 'blocked',
      text: 'permission denied: Bash',
      time: 0,
    });
    expect(text()).toContain('⏸ T1 on worker-1 needs a human: permission denied: Bash');
    r.close();
  });
});
