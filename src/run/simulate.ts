/**
 * Drive a Scheduler with simulated workers in virtual time: no processes, no
 * clock. Used by the property tests (random failures, crashes, conflicts) and
 * by bench/schedule.ts (makespan against the lower bound). The loop mirrors the
 * real orchestrator's: react to a completion, then fill idle workers from
 * `nextTask` until it returns nothing.
 */
import { IndexedHeap } from './indexed-heap.js';
import type { Scheduler } from './scheduler.js';

export type SimOutcome = 'finish' | 'fail' | 'crash' | 'conflict';

export interface SimulationOptions {
  workers: number;
  /** Virtual duration of an attempt (> 0). */
  duration(taskId: string, attempt: number, workerId: string): number;
  /** How an attempt ends (default: it finishes). `conflict` finishes, then conflicts when merged. */
  outcome?(taskId: string, attempt: number, workerId: string): SimOutcome;
  /** Virtual time from finish to merged (integration), default 0. */
  mergeTime?: number;
  /** Files a conflict reports (default: `['conflict.txt']`). */
  conflictFiles?(taskId: string): string[];
}

export type SimTraceEntry =
  | { time: number; type: 'start'; taskId: string; workerId: string; attempt: number }
  | { time: number; type: 'finish' | 'fail' | 'crash'; taskId: string; workerId: string; attempt: number }
  | { time: number; type: 'merged' | 'conflict'; taskId: string }
  | { time: number; type: 'skipped'; taskId: string; reason: string };

export interface SimulationResult {
  /** Virtual time when the last task ended. */
  makespan: number;
  /** Sum of attempt durations (worker-busy time). */
  busyTime: number;
  trace: SimTraceEntry[];
}

type Pending =
  | { kind: 'attempt-end'; taskId: string; workerId: string; attempt: number; outcome: SimOutcome }
  | { kind: 'integrate'; taskId: string; conflict: boolean };

/** Runs until the scheduler has nothing left to start and nothing in flight. */
export function simulate(scheduler: Scheduler, options: SimulationOptions): SimulationResult {
  const trace: SimTraceEntry[] = [];
  const idle = new Set(Array.from({ length: options.workers }, (_, i) => `worker-${i + 1}`));
  const events = new IndexedHeap<{ time: number; seq: number; what: Pending }>(
    (a, b) => a.time < b.time || (a.time === b.time && a.seq < b.seq),
  );
  let seq = 0;
  let now = 0;
  let busyTime = 0;
  const at = (time: number, what: Pending): void => {
    events.push(String(seq), { time, seq, what });
    seq++;
  };
  const noteSkips = (change: { skipped: { id: string; reason: string }[] }): void => {
    for (const s of change.skipped)
      trace.push({ time: now, type: 'skipped', taskId: s.id, reason: s.reason });
  };

  const fill = (): void => {
    for (const workerId of [...idle].sort(byWorkerNumber)) {
      const next = scheduler.nextTask(workerId);
      if (!next) break; // ready tasks do not depend on the worker asking, only their order does
      scheduler.start(next.id, workerId);
      idle.delete(workerId);
      const d = options.duration(next.id, next.attempt, workerId);
      busyTime += d;
      const outcome = options.outcome?.(next.id, next.attempt, workerId) ?? 'finish';
      trace.push({ time: now, type: 'start', taskId: next.id, workerId, attempt: next.attempt });
      at(now + d, { kind: 'attempt-end', taskId: next.id, workerId, attempt: next.attempt, outcome });
    }
  };

  const handle = (p: Pending): void => {
    if (p.kind === 'integrate') {
      if (p.conflict) {
        trace.push({ time: now, type: 'conflict', taskId: p.taskId });
        noteSkips(scheduler.conflicted(p.taskId, options.conflictFiles?.(p.taskId) ?? ['conflict.txt']));
      } else {
        trace.push({ time: now, type: 'merged', taskId: p.taskId });
        scheduler.merged(p.taskId);
      }
      return;
    }
    const { taskId, workerId, attempt, outcome } = p;
    idle.add(workerId);
    switch (outcome) {
      case 'finish':
      case 'conflict': {
        trace.push({ time: now, type: 'finish', taskId, workerId, attempt });
        scheduler.finish(taskId);
        const integrate: Pending = { kind: 'integrate', taskId, conflict: outcome === 'conflict' };
        if (options.mergeTime) at(now + options.mergeTime, integrate);
        else handle(integrate);
        break;
      }
      case 'fail':
        trace.push({ time: now, type: 'fail', taskId, workerId, attempt });
        noteSkips(scheduler.fail(taskId, 'simulated failure'));
        break;
      case 'crash':
        trace.push({ time: now, type: 'crash', taskId, workerId, attempt });
        noteSkips(scheduler.releaseWorker(workerId, 'simulated crash').change);
        break;
    }
  };

  fill();
  for (let e = events.pop(); e !== undefined; e = events.pop()) {
    now = e.time;
    handle(e.what);
    // Everything that ends at the same instant is handled before workers are refilled.
    while (events.peek()?.time === now) handle(events.pop()!.what);
    fill();
  }
  if (!scheduler.isDone()) {
    throw new Error(`simulation stalled at t=${now}: ${JSON.stringify(scheduler.counts())}`);
  }
  return { makespan: now, busyTime, trace };
}

function byWorkerNumber(a: string, b: string): number {
  return Number(a.slice(7)) - Number(b.slice(7));
}
