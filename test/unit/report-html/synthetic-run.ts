/**
 * A made-up but plausible journal of a large run (random DAG, list-scheduled
 * on N workers, some attempts failing and retried), for size tests and the
 * report and dashboard benchmarks.
 */

import type { RunEvent, RunEventInput } from '../../../src/run/events.js';
import { randomDag, seededRandom } from '../../../src/run/random-dag.js';

export interface SyntheticRunOptions {
  tasks: number;
  workers: number;
  seed?: number;
  failureRate?: number;
  /** Epoch ms of the first event. */
  start?: number;
}

export function syntheticRun(options: SyntheticRunOptions): RunEvent[] {
  const rand = seededRandom((options.seed ?? 1) + 17);
  const dag = randomDag({ tasks: options.tasks, seed: options.seed ?? 1, window: 40 });
  const t0 = options.start ?? Date.parse('2026-03-01T09:00:00Z');
  const events: RunEvent[] = [];
  const emit = (at: number, e: RunEventInput): void => {
    events.push({ seq: events.length + 1, time: new Date(t0 + at).toISOString(), ...e } as RunEvent);
  };
  const runId = '20260301-090000-beef';
  emit(0, {
    type: 'run.started',
    runId,
    taskFile: 'tasks.md',
    base: 'main',
    baseCommit: '0'.repeat(40),
    integrationBranch: `weft/${runId}`,
    workers: options.workers,
    agent: 'claude',
    plan: {
      tasks: dag.map((t) => ({
        id: t.id,
        title: `Implement part ${t.id} of the feature with its tests`,
        priority: t.priority,
        dependsOn: t.dependsOn,
        files: [`src/parts/${t.id.toLowerCase()}.ts`, `test/parts/${t.id.toLowerCase()}.test.ts`],
      })),
    },
  });
  const merged = new Set<string>();
  const attempts = new Map<string, number>();
  const ready = dag.filter((t) => t.dependsOn.length === 0).map((t) => t.id);
  const byId = new Map(dag.map((t) => [t.id, t]));
  const dependents = new Map<string, string[]>();
  for (const t of dag) for (const d of t.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), t.id]);
  const idle = Array.from({ length: options.workers }, (_, i) => `worker-${i + 1}`);
  const running: { id: string; worker: string; end: number; fails: boolean }[] = [];
  let now = 10;
  while (merged.size < dag.length) {
    while (idle.length > 0 && ready.length > 0) {
      const id = ready.shift()!;
      const worker = idle.shift()!;
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      emit(now, {
        type: 'task.started',
        taskId: id,
        workerId: worker,
        attempt,
        branch: `weft/tasks/${runId}/${id}`,
        baseCommit: '0'.repeat(40),
      });
      const ms = byId.get(id)!.duration * 60_000 * (0.6 + rand() * 0.8);
      running.push({
        id,
        worker,
        end: now + ms,
        fails: attempt < 3 && rand() < (options.failureRate ?? 0.05),
      });
    }
    if (running.length === 0) break;
    running.sort((a, b) => a.end - b.end);
    const next = running.shift()!;
    now = next.end;
    idle.push(next.worker);
    const attempt = attempts.get(next.id)!;
    if (next.fails) {
      emit(now, {
        type: 'task.failed',
        taskId: next.id,
        workerId: next.worker,
        attempt,
        reason: 'agent exited with code 1: tests failed',
        willRetry: true,
      });
      ready.push(next.id);
      continue;
    }
    const input = Math.round(20_000 + rand() * 80_000);
    emit(now, {
      type: 'task.finished',
      taskId: next.id,
      workerId: next.worker,
      attempt,
      commit: 'c'.repeat(40),
      usage: { inputTokens: input, outputTokens: Math.round(input / 8), costUsd: input / 100_000 },
      durationMs: Math.round(next.end - now + 1),
      files: [`src/parts/${next.id.toLowerCase()}.ts`, `test/parts/${next.id.toLowerCase()}.test.ts`],
    });
    now += 800;
    emit(now, {
      type: 'validation.passed',
      command: 'npm test',
      integrationCommit: 'd'.repeat(40),
      durationMs: 700,
    });
    emit(now, {
      type: 'task.merged',
      taskId: next.id,
      commit: 'c'.repeat(40),
      integrationCommit: 'd'.repeat(40),
    });
    merged.add(next.id);
    for (const d of dependents.get(next.id) ?? []) {
      if (byId.get(d)!.dependsOn.every((x) => merged.has(x))) {
        emit(now, { type: 'task.ready', taskId: d });
        ready.push(d);
      }
    }
  }
  emit(now + 500, {
    type: 'run.finished',
    summary: {
      total: dag.length,
      merged: merged.size,
      failed: 0,
      skipped: 0,
      conflicted: 0,
      durationMs: now + 500,
      workersUsed: options.workers,
      parallelism: 0,
      usage: {},
      integrationBranch: `weft/${runId}`,
      unmergedBranches: [],
    },
  });
  return events;
}
