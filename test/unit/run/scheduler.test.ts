import { describe, expect, it } from 'vitest';
import { Scheduler, SchedulerInputError } from '../../../src/run/scheduler.js';
import type { SchedulableTask } from '../../../src/run/scheduler-types.js';
import { IllegalTransitionError } from '../../../src/run/task-state.js';

function task(id: string, over: Partial<SchedulableTask> = {}): SchedulableTask {
  return { id, priority: 'P1', dependsOn: [], files: [], bottomLevel: 1, done: false, ...over };
}

/** Start whatever `nextTask` offers `worker`; returns the id. */
function take(s: Scheduler, worker: string): string | undefined {
  const next = s.nextTask(worker);
  if (next) s.start(next.id, worker);
  return next?.id;
}

function complete(s: Scheduler, id: string): void {
  s.finish(id);
  s.merged(id);
}

describe('Scheduler: readiness and order', () => {
  it('makes a task ready only once every dependency is merged, not merely finished', () => {
    const s = new Scheduler([task('A'), task('B'), task('C', { dependsOn: ['A', 'B'] })]);
    expect(take(s, 'w1')).toBe('A');
    expect(take(s, 'w2')).toBe('B');
    s.finish('A');
    s.finish('B');
    expect(s.nextTask('w1')).toBeUndefined();
    expect(s.merged('A').ready).toEqual([]);
    expect(s.merged('B').ready).toEqual(['C']);
    expect(s.state('C')).toEqual({ kind: 'ready' });
    expect(take(s, 'w1')).toBe('C');
  });

  it('orders ready tasks by priority, then remaining critical path, then natural id', () => {
    const s = new Scheduler([
      task('T10', { bottomLevel: 2 }),
      task('T2', { bottomLevel: 2 }),
      task('T3', { bottomLevel: 5 }),
      task('T4', { priority: 'P0', bottomLevel: 1 }),
      task('T5', { priority: 'P3', bottomLevel: 9 }),
    ]);
    const order = ['w1', 'w2', 'w3', 'w4', 'w5'].map((w) => take(s, w));
    expect(order).toEqual(['T4', 'T3', 'T2', 'T10', 'T5']);
  });

  it('starts tasks in the order they became ready with order "fifo"', () => {
    const s = new Scheduler([task('A', { bottomLevel: 1 }), task('B', { bottomLevel: 9 })], {
      order: 'fifo',
    });
    expect(take(s, 'w1')).toBe('A');
  });

  it('accepts the graph’s own ordering function', () => {
    const s = new Scheduler([task('A'), task('B')], { order: (a, b) => b.id.localeCompare(a.id) });
    expect(take(s, 'w1')).toBe('B');
  });

  it('treats tasks already done in the task file as merged', () => {
    const s = new Scheduler([task('A', { done: true }), task('B', { dependsOn: ['A'] })]);
    expect(s.state('A')).toEqual({ kind: 'merged', alreadyDone: true });
    expect(take(s, 'w1')).toBe('B');
    complete(s, 'B');
    expect(s.isDone()).toBe(true);
  });

  it('rejects duplicate ids, unknown dependencies and cycles', () => {
    expect(() => new Scheduler([task('A'), task('A')])).toThrow(SchedulerInputError);
    expect(() => new Scheduler([task('A', { dependsOn: ['Z'] })])).toThrow(/unknown task Z/);
    expect(
      () => new Scheduler([task('A', { dependsOn: ['B'] }), task('B', { dependsOn: ['A'] }), task('C')]),
    ).toThrow(/cycle among A, B/);
    expect(() => new Scheduler([], { maxAttempts: 0 })).toThrow(/maxAttempts/);
  });

  it('refuses transitions the state machine does not allow', () => {
    const s = new Scheduler([task('A'), task('B', { dependsOn: ['A'] })]);
    expect(() => s.start('B', 'w1')).toThrow(IllegalTransitionError);
    expect(() => s.merged('A')).toThrow(/cannot merge from state "ready"/);
    s.start('A', 'w1');
    expect(() => s.start('A', 'w2')).toThrow(IllegalTransitionError);
    expect(() => s.finish('B')).toThrow(IllegalTransitionError);
    expect(() => s.conflicted('A', [])).toThrow(IllegalTransitionError);
  });

  it('starts the best task for a worker in one step with startNext', () => {
    const s = new Scheduler([task('A'), task('B', { bottomLevel: 3 })]);
    expect(s.startNext('w1')).toEqual({ id: 'B', attempt: 1 });
    expect(s.state('B')).toEqual({ kind: 'running', workerId: 'w1', attempt: 1 });
    expect(s.running()).toEqual([{ taskId: 'B', workerId: 'w1' }]);
    expect(s.startNext('w2')?.id).toBe('A');
    expect(s.startNext('w3')).toBeUndefined();
  });

  it('refuses to give a busy worker a second task', () => {
    const s = new Scheduler([task('A'), task('B')]);
    s.start('A', 'w1');
    expect(() => s.start('B', 'w1')).toThrow(/busy with A/);
  });
});

describe('Scheduler: merges awaited', () => {
  it('counts the tasks an awaited merge would make ready that outrank every startable task', () => {
    // A (critical, 10 long) -> C; B and D are short and startable.
    const s = new Scheduler([
      task('A', { bottomLevel: 10 }),
      task('B', { bottomLevel: 1 }),
      task('C', { dependsOn: ['A'], bottomLevel: 9 }),
      task('D', { bottomLevel: 1 }),
      task('E', { dependsOn: ['A', 'B'], bottomLevel: 9 }),
    ]);
    expect(take(s, 'w1')).toBe('A');
    expect(take(s, 'w2')).toBe('B');
    expect(s.awaitedMergesUnlock()).toBe(0); // nothing finished
    s.finish('A');
    // C waits only for A's merge and outranks D; E also waits for B.
    expect(s.awaitedMergesUnlock()).toBe(1);
    s.merged('A');
    expect(s.awaitedMergesUnlock()).toBe(0);
    expect(take(s, 'w1')).toBe('C');
  });

  it('does not count a task that would not outrank what is startable, nor any in FIFO order', () => {
    const tasks = [
      task('A', { bottomLevel: 2 }),
      task('B', { bottomLevel: 5 }),
      task('C', { dependsOn: ['A'] }),
    ];
    const s = new Scheduler(tasks);
    s.start('A', 'w1');
    s.finish('A');
    expect(s.awaitedMergesUnlock()).toBe(0); // B (5) outranks C (1)
    const f = new Scheduler([task('A'), task('C', { dependsOn: ['A'], bottomLevel: 9 })], { order: 'fifo' });
    f.start('A', 'w1');
    f.finish('A');
    expect(f.awaitedMergesUnlock()).toBe(0);
  });
});

describe('Scheduler: file locks', () => {
  const shared = [
    task('A', { files: [{ path: 'src/x.ts', op: 'modify' }], bottomLevel: 2 }),
    task('B', { files: [{ path: './src//x.ts', op: 'modify' }] }),
    task('C', { files: [{ path: 'src/y.ts', op: 'create' }] }),
  ];

  it('lets a ready task whose file is locked wait, and offers it again once the lock is released', () => {
    const s = new Scheduler(shared);
    expect(take(s, 'w1')).toBe('A');
    expect(take(s, 'w2')).toBe('C');
    expect(s.nextTask('w3')).toBeUndefined();
    s.finish('A');
    // Locks are held until the branch is merged by default.
    expect(s.nextTask('w3')).toBeUndefined();
    const before = s.version;
    const change = s.merged('A');
    expect(change.released).toEqual(['src/x.ts']);
    expect(s.version).toBeGreaterThan(before);
    expect(take(s, 'w3')).toBe('B');
  });

  it('releases locks at finish with releaseLocksAt "finish"', () => {
    const s = new Scheduler(shared, { releaseLocksAt: 'finish' });
    take(s, 'w1');
    expect(s.nextTask('w2')?.id).toBe('C');
    expect(s.finish('A').released).toEqual(['src/x.ts']);
    expect(s.nextTask('w2')?.id).toBe('B');
  });

  it('takes no lock for files a task only reads', () => {
    const s = new Scheduler([
      task('A', { files: [{ path: 'a.ts', op: 'modify' }] }),
      task('B', { files: [{ path: 'a.ts', op: 'read' }] }),
    ]);
    take(s, 'w1');
    expect(take(s, 'w2')).toBe('B');
    expect(s.heldLocks()).toEqual([{ path: 'a.ts', holder: 'A' }]);
  });

  it('releases the locks of a failed attempt and of a dead worker', () => {
    const s = new Scheduler(shared);
    take(s, 'w1');
    expect(s.fail('A', 'boom').released).toEqual(['src/x.ts']);
    take(s, 'w2'); // A again (best), on another worker
    expect(s.state('A')).toMatchObject({ kind: 'running', workerId: 'w2', attempt: 2 });
    const { taskId, change } = s.releaseWorker('w2', 'worker crashed');
    expect(taskId).toBe('A');
    expect(change.requeued).toEqual(['A']);
    expect(s.heldLocks()).toEqual([]);
    expect(s.releaseWorker('w9', 'nothing running').taskId).toBeUndefined();
  });

  it('reports a task that keeps waiting on a lock held by the same task', () => {
    const tasks = [
      task('A', { files: [{ path: 'hot.ts', op: 'modify' }], bottomLevel: 9 }),
      task('B', { files: [{ path: 'hot.ts', op: 'modify' }], bottomLevel: 8 }),
      ...Array.from({ length: 5 }, (_, i) => task(`X${i}`)),
    ];
    const s = new Scheduler(tasks);
    take(s, 'w1'); // A holds hot.ts
    for (let i = 0; i < 5; i++) {
      expect(take(s, 'w2')).toBe(`X${i}`);
      complete(s, `X${i}`);
    }
    expect(s.lockWaits(3)).toEqual([
      { taskId: 'B', path: 'hot.ts', holder: 'A', holderWorker: 'w1', rounds: 5 },
    ]);
    expect(s.lockWaits(6)).toEqual([]);
    complete(s, 'A');
    expect(s.lockWaits(0)).toEqual([]);
  });
});

describe('Scheduler: failures and retries', () => {
  it('re-queues a failed attempt, preferring a worker that has not failed it', () => {
    const s = new Scheduler([task('A', { bottomLevel: 5 }), task('B')]);
    take(s, 'w1');
    expect(s.fail('A', 'tests failed').requeued).toEqual(['A']);
    expect(s.state('A')).toMatchObject({ kind: 'failed', attempt: 1, reason: 'tests failed' });
    // w1 failed A: it gets B although A ranks first.
    expect(s.nextTask('w1')).toEqual({ id: 'B', attempt: 1 });
    expect(s.nextTask('w2')).toEqual({
      id: 'A',
      attempt: 2,
      previousFailure: { reason: 'tests failed', workerId: 'w1' },
    });
  });

  it('never idles a worker when the only ready task is one it failed', () => {
    const s = new Scheduler([task('A')]);
    take(s, 'w1');
    s.fail('A', 'x');
    expect(take(s, 'w1')).toBe('A');
  });

  it('skips a task after maxAttempts and every transitive dependent with the reason', () => {
    const s = new Scheduler(
      [
        task('T001'),
        task('T002', { dependsOn: ['T001'] }),
        task('T003', { dependsOn: ['T002'] }),
        task('T004'),
      ],
      { maxAttempts: 2 },
    );
    take(s, 'w1');
    s.fail('T001', 'crash');
    take(s, 'w2');
    const change = s.fail('T001', 'timeout');
    expect(change.requeued).toEqual([]);
    expect(change.skipped).toEqual([
      { id: 'T001', reason: 'failed 2 times; last: timeout' },
      { id: 'T002', reason: 'dependency T001 failed' },
      { id: 'T003', reason: 'dependency T002 skipped (T001 failed)' },
    ]);
    expect(s.state('T001')).toMatchObject({ kind: 'skipped', cause: 'attempts-exhausted' });
    expect(s.state('T003')).toMatchObject({ kind: 'skipped', cause: 'dependency' });
    expect(s.task('T001').attempts).toBe(2);
    expect(s.task('T001').failedOn).toEqual(['w1', 'w2']);
    expect(s.hasTasks()).toBe(true);
    complete(s, take(s, 'w1')!);
    expect(s.hasTasks()).toBe(false);
    expect(s.isDone()).toBe(true);
    expect(s.counts()).toMatchObject({ merged: 1, skipped: 3, running: 0 });
  });

  it('fails a finished task (validation broke) and retries it', () => {
    const s = new Scheduler([task('A')]);
    take(s, 'w1');
    s.finish('A');
    expect(s.fail('A', 'validation failed').requeued).toEqual(['A']);
    expect(s.nextTask('w2')?.attempt).toBe(2);
  });

  it('re-runs a conflicting task while attempts remain, then leaves it conflicted', () => {
    const s = new Scheduler([task('A'), task('B', { dependsOn: ['A'] })], { maxAttempts: 2 });
    take(s, 'w1');
    s.finish('A');
    expect(s.conflicted('A', ['src/x.ts']).requeued).toEqual(['A']);
    expect(s.nextTask('w1')?.previousFailure?.conflictFiles).toEqual(['src/x.ts']);
    take(s, 'w1');
    s.finish('A');
    const change = s.conflicted('A', ['src/x.ts']);
    expect(s.state('A')).toEqual({ kind: 'conflicted', attempt: 2, files: ['src/x.ts'] });
    expect(change.skipped).toEqual([{ id: 'B', reason: 'dependency A conflicted' }]);
    expect(s.isDone()).toBe(true);
  });

  it('skips a task on request with its dependents', () => {
    const s = new Scheduler([task('A'), task('B', { dependsOn: ['A'] })]);
    expect(s.skipTask('A', 'agent missing').skipped.map((x) => x.id)).toEqual(['A', 'B']);
    expect(s.nextTask('w1')).toBeUndefined();
  });
});

describe('Scheduler: critical failures', () => {
  it('reports when every P0 task failed', () => {
    const s = new Scheduler([task('A', { priority: 'P0' }), task('B')], { maxAttempts: 1 });
    take(s, 'w1');
    expect(s.criticalFailure()).toBeUndefined();
    s.fail('A', 'x');
    expect(s.criticalFailure()).toEqual({ kind: 'all-p0-failed', tasks: ['A'] });
  });

  it('reports a systemic failure when failures pile up before any success', () => {
    const s = new Scheduler(
      ['A', 'B', 'C', 'D'].map((id) => task(id)),
      { systemicFailureThreshold: 3 },
    );
    for (const [id, w] of [
      ['A', 'w1'],
      ['B', 'w2'],
    ] as const) {
      s.start(id, w);
      s.fail(id, 'auth error');
    }
    expect(s.criticalFailure()).toBeUndefined();
    s.start('C', 'w3');
    s.fail('C', 'auth error');
    expect(s.criticalFailure()).toEqual({ kind: 'all-failed', failedTasks: ['A', 'B', 'C'] });
  });

  it('does not call different failures systemic: each task is retried', () => {
    const s = new Scheduler(
      ['A', 'B', 'C', 'D'].map((id) => task(id)),
      { systemicFailureThreshold: 3 },
    );
    const reasons = [
      'claude exited with code 3 without a result',
      'the agent finished without changing any file',
      'no output for 3s: stopped as hung',
    ];
    ['A', 'B', 'C'].forEach((id, i) => {
      s.start(id, `w${i}`);
      s.fail(id, reasons[i]!);
    });
    expect(s.criticalFailure()).toBeUndefined();
    s.start('D', 'w4');
    s.fail('D', 'claude exited with code 7 without a result');
    expect(s.criticalFailure()).toBeUndefined(); // only two alike
  });

  it('does not call failures systemic once an attempt succeeded', () => {
    const s = new Scheduler(['A', 'B', 'C', 'D'].map((id) => task(id)));
    s.start('D', 'w4');
    s.finish('D');
    for (const id of ['A', 'B', 'C']) {
      s.start(id, 'w1');
      s.fail(id, 'x');
    }
    expect(s.criticalFailure()).toBeUndefined();
  });
});

describe('Scheduler: resume', () => {
  it('keeps merged tasks merged, reuses finished branches and re-queues the rest', () => {
    const s = new Scheduler(
      [
        task('A', { files: [{ path: 'a', op: 'modify' }] }),
        task('B', { dependsOn: ['A'], files: [{ path: 'b', op: 'modify' }] }),
        task('C', { dependsOn: ['A'] }),
        task('D', { dependsOn: ['B'] }),
        task('E'),
        task('F', { dependsOn: ['E'] }),
      ],
      {
        resume: new Map([
          ['A', { kind: 'merged' }],
          ['B', { kind: 'finished', workerId: 'w2', attempts: 1 }],
          ['C', { kind: 'retry', attempts: 1, failedOn: ['w3'], reason: 'timeout' }],
          ['E', { kind: 'retry', attempts: 3, reason: 'crash' }],
        ]),
      },
    );
    expect(s.state('A')).toEqual({ kind: 'merged', alreadyDone: false });
    expect(s.state('B')).toMatchObject({ kind: 'finished' });
    expect(s.heldLocks()).toEqual([{ path: 'b', holder: 'B' }]);
    expect(s.state('C')).toMatchObject({ kind: 'failed', attempt: 1, reason: 'timeout' });
    expect(s.state('E')).toMatchObject({ kind: 'skipped', cause: 'attempts-exhausted' });
    expect(s.state('F')).toMatchObject({ kind: 'skipped', reason: 'dependency E failed' });
    expect(s.idsIn('finished')).toEqual(['B']);
    expect(s.nextTask('w3')).toMatchObject({ id: 'C', attempt: 2 });
    s.merged('B');
    expect(s.state('D')).toEqual({ kind: 'ready' });
  });
});

describe('Scheduler: scale', () => {
  it('schedules 10,000 tasks through to the end quickly', () => {
    const n = 10_000;
    const tasks = Array.from({ length: n }, (_, i) =>
      task(`T${i}`, {
        dependsOn: i === 0 ? [] : [`T${Math.floor(i / 2)}`].filter((d) => d !== `T${i}`),
        files: [{ path: `f${i % 50}`, op: 'modify' }],
        bottomLevel: n - i,
      }),
    );
    const t0 = performance.now();
    const s = new Scheduler(tasks);
    const workers = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8'];
    const busy = new Map<string, string>();
    while (!s.isDone()) {
      for (const w of workers) {
        if (busy.has(w)) continue;
        const id = take(s, w);
        if (id) busy.set(w, id);
      }
      for (const [w, id] of busy) {
        complete(s, id);
        busy.delete(w);
      }
    }
    expect(s.counts().merged).toBe(n);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
