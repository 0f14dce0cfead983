/**
 * Random DAGs run through simulated workers in virtual time, with random
 * durations, failures, crashes and conflicts. The invariants are checked from
 * the trace alone, independently of the scheduler's own bookkeeping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lockKeysFor } from '../../../src/run/locks.js';
import { Scheduler } from '../../../src/run/scheduler.js';
import type { SchedulableTask } from '../../../src/run/scheduler-types.js';
import { type SimOutcome, type SimTraceEntry, simulate } from '../../../src/run/simulate.js';
import type { FileOp } from '../../../src/tasks/types.js';

const OPS: FileOp[] = ['create', 'modify', 'delete', 'read'];

const scenario = fc
  .record({
    n: fc.integer({ min: 1, max: 25 }),
    workers: fc.integer({ min: 1, max: 5 }),
    maxAttempts: fc.integer({ min: 1, max: 3 }),
    releaseLocksAt: fc.constantFrom('merge' as const, 'finish' as const),
    mergeTime: fc.constantFrom(0, 1),
    seed: fc.integer(),
  })
  .chain((base) =>
    fc.record({
      base: fc.constant(base),
      tasks: fc.tuple(
        ...Array.from({ length: base.n }, (_, i) =>
          fc.record({
            deps: fc.subarray(
              Array.from({ length: i }, (_, j) => j),
              { maxLength: Math.min(3, i) },
            ),
            files: fc.array(
              fc.record({ path: fc.constantFrom('a', 'b', 'c', 'd', 'e'), op: fc.constantFrom(...OPS) }),
              {
                maxLength: 2,
              },
            ),
            priority: fc.constantFrom('P0' as const, 'P1' as const, 'P2' as const),
            done: fc.boolean().map((b) => b && i % 7 === 3),
          }),
        ),
      ),
      // Per attempt: [duration, outcome]; attempts beyond the table finish.
      attempts: fc.array(
        fc.tuple(
          fc.integer({ min: 1, max: 5 }),
          fc.constantFrom<SimOutcome>('finish', 'finish', 'finish', 'fail', 'crash', 'conflict'),
        ),
        { minLength: base.n * 3, maxLength: base.n * 3 },
      ),
    }),
  );

describe('Scheduler under simulation (property)', () => {
  it('terminates, respects dependencies, locks and retry limits, and ends every task', () => {
    fc.assert(
      fc.property(scenario, ({ base, tasks, attempts }) => {
        const input: SchedulableTask[] = tasks.map((t, i) => ({
          id: `T${i}`,
          priority: t.priority,
          dependsOn: t.deps.map((d) => `T${d}`),
          files: t.files,
          bottomLevel: 1,
          done: t.done,
        }));
        const s = new Scheduler(input, {
          maxAttempts: base.maxAttempts,
          releaseLocksAt: base.releaseLocksAt,
        });
        const index = (id: string): number => Number(id.slice(1));
        const plan = (id: string, attempt: number): [number, SimOutcome] =>
          attempts[index(id) * 3 + attempt - 1] ?? [1, 'finish'];
        const result = simulate(s, {
          workers: base.workers,
          mergeTime: base.mergeTime,
          duration: (id, attempt) => plan(id, attempt)[0],
          outcome: (id, attempt) => plan(id, attempt)[1],
        });
        checkTrace(input, result.trace, base.maxAttempts, base.releaseLocksAt);
        expect(s.isDone()).toBe(true);
        const counts = s.counts();
        expect(counts.merged + counts.skipped + counts.conflicted).toBe(input.length);
      }),
      { numRuns: 300 },
    );
  });
});

function checkTrace(
  tasks: SchedulableTask[],
  trace: SimTraceEntry[],
  maxAttempts: number,
  releaseLocksAt: 'merge' | 'finish',
): void {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const merged = new Set(tasks.filter((t) => t.done).map((t) => t.id));
  const starts = new Map<string, number>();
  const holding = new Map<string, string>(); // lock key -> task
  const ended = new Set<string>(merged);
  const release = (id: string): void => {
    for (const k of lockKeysFor(byId.get(id)!.files)) if (holding.get(k) === id) holding.delete(k);
  };
  for (const e of trace) {
    switch (e.type) {
      case 'start': {
        const t = byId.get(e.taskId)!;
        for (const d of t.dependsOn)
          expect(merged.has(d), `${e.taskId} started before ${d} merged`).toBe(true);
        expect(ended.has(e.taskId)).toBe(false);
        for (const k of lockKeysFor(t.files)) {
          expect(holding.get(k), `${e.taskId} started while ${k} held`).toBeUndefined();
          holding.set(k, e.taskId);
        }
        const n = (starts.get(e.taskId) ?? 0) + 1;
        expect(n).toBe(e.attempt);
        expect(n).toBeLessThanOrEqual(maxAttempts);
        starts.set(e.taskId, n);
        break;
      }
      case 'finish':
        if (releaseLocksAt === 'finish') release(e.taskId);
        break;
      case 'fail':
      case 'crash':
        release(e.taskId);
        break;
      case 'conflict':
        release(e.taskId);
        // With no attempt left the branch stays unmerged: the task has ended.
        if (starts.get(e.taskId) === maxAttempts) ended.add(e.taskId);
        break;
      case 'merged':
        expect(merged.has(e.taskId), `${e.taskId} merged twice`).toBe(false);
        merged.add(e.taskId);
        ended.add(e.taskId);
        release(e.taskId);
        break;
      case 'skipped': {
        ended.add(e.taskId);
        const t = byId.get(e.taskId)!;
        const exhausted = starts.get(e.taskId) === maxAttempts;
        const depLost = t.dependsOn.some((d) => !merged.has(d));
        expect(exhausted || depLost, `${e.taskId} skipped: ${e.reason}`).toBe(true);
        break;
      }
    }
  }
  for (const t of tasks) expect(ended.has(t.id), `${t.id} never ended`).toBe(true);
}
