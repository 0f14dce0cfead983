/** Synthetic journals for report tests: events stamped with seq and a controllable clock. */
import type { PlanSummary, RunEvent, RunEventInput } from '../../../src/run/events.js';

export const T0 = Date.parse('2026-01-02T10:00:00.000Z');

export class JournalBuilder {
  readonly events: RunEvent[] = [];
  private now = T0;

  /** Move the clock forward by `ms`. */
  at(ms: number): this {
    this.now = T0 + ms;
    return this;
  }

  add(input: RunEventInput): this {
    this.events.push({
      seq: this.events.length + 1,
      time: new Date(this.now).toISOString(),
      ...input,
    } as RunEvent);
    return this;
  }

  started(tasks: { id: string; dependsOn?: string[]; title?: string }[], workers = 2): this {
    const plan: PlanSummary = {
      tasks: tasks.map((t) => ({
        id: t.id,
        title: t.title ?? `Task ${t.id}`,
        priority: 'P1',
        dependsOn: t.dependsOn ?? [],
        files: [`${t.id}.txt`],
      })),
    };
    return this.add({
      type: 'run.started',
      runId: '20260102-100000-abcd',
      taskFile: 'tasks.md',
      base: 'main',
      baseCommit: 'b'.repeat(40),
      integrationBranch: 'weft/20260102-100000-abcd',
      workers,
      agent: 'shell',
      plan,
    });
  }

  start(taskId: string, workerId: string, attempt = 1): this {
    return this.add({
      type: 'task.started',
      taskId,
      workerId,
      attempt,
      branch: `weft/tasks/x/${taskId}${attempt > 1 ? `-attempt${attempt}` : ''}`,
      baseCommit: 'b'.repeat(40),
    });
  }

  finish(
    taskId: string,
    workerId: string,
    attempt = 1,
    usage = { inputTokens: 100, outputTokens: 20, costUsd: 0.01 },
  ): this {
    return this.add({
      type: 'task.finished',
      taskId,
      workerId,
      attempt,
      commit: `c${taskId}`.padEnd(40, '0'),
      usage,
      durationMs: 900,
      files: [`${taskId}.txt`],
    });
  }

  fail(taskId: string, workerId: string, attempt: number, reason: string, willRetry = true): this {
    return this.add({ type: 'task.failed', taskId, workerId, attempt, reason, willRetry });
  }

  merge(taskId: string): this {
    return this.add({
      type: 'task.merged',
      taskId,
      commit: `c${taskId}`.padEnd(40, '0'),
      integrationCommit: `m${taskId}`.padEnd(40, '0'),
    });
  }
}
