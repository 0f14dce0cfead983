import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { buildTaskGraph } from '../../../src/graph/build.js';
import { type ExecutionPlan, planExecution } from '../../../src/graph/plan.js';
import { toExecutionPlanDocument, toExecutionPlanJson } from '../../../src/graph/plan-json.js';
import { compareIds, compareRunOrder } from '../../../src/graph/run-order.js';
import { type TaskSpec, taskFile } from './fixtures.js';

function plan(specs: TaskSpec[], workers = 5): ExecutionPlan {
  const { graph, diagnostics } = buildTaskGraph(taskFile(specs));
  expect(diagnostics).toEqual([]);
  return planExecution(graph, { workers });
}

const DIAMOND: TaskSpec[] = [
  { id: 'T001', estimate: 2 },
  { id: 'T002', deps: ['T001'], estimate: 3 },
  { id: 'T003', deps: ['T001'], estimate: 1 },
  { id: 'T004', deps: ['T002', 'T003', 'T001'], estimate: 1 },
  { id: 'T005', estimate: 1 },
];

describe('planExecution', () => {
  it('groups tasks by DAG level with the workers each group needs', () => {
    expect(plan(DIAMOND, 2).groups).toEqual([
      { id: 'G1', tasks: ['T001', 'T005'], workersNeeded: 2 },
      { id: 'G2', tasks: ['T002', 'T003'], workersNeeded: 2 },
      { id: 'G3', tasks: ['T004'], workersNeeded: 1 },
    ]);
  });

  it('finds the critical path, total work and the makespan lower bound', () => {
    const p = plan(DIAMOND, 2);
    expect(p.criticalPath).toEqual({ tasks: ['T001', 'T002', 'T004'], length: 6 });
    expect(p.totalWork).toBe(8);
    expect(p.lowerBound).toBe(6);
    // With one worker the total work dominates.
    expect(plan(DIAMOND, 1).lowerBound).toBe(8);
    const wide = plan(
      Array.from({ length: 9 }, (_, i) => ({ id: `W${i}` })),
      2,
    );
    expect(wide.lowerBound).toBe(4.5);
  });

  it('shows dependencies transitively reduced, keeping every direct one too', () => {
    const t4 = plan(DIAMOND).tasks.find((t) => t.id === 'T004')!;
    expect(t4.dependsOn.map((d) => d.id)).toEqual(['T001', 'T002', 'T003']);
    expect(t4.dependsOnReduced).toEqual([
      { id: 'T002', reasons: ['explicit'] },
      { id: 'T003', reasons: ['explicit'] },
    ]);
  });

  it('runs P0 first, then the longest remaining critical path, then id', () => {
    const p = plan([
      { id: 'T003' },
      { id: 'T010', estimate: 5 },
      { id: 'T002' },
      { id: 'T004', priority: 'P0' },
      { id: 'T011', deps: ['T002'] },
    ]);
    expect(p.runOrder).toEqual(['T004', 'T010', 'T002', 'T003', 'T011']);
  });

  it('never starts a task before its dependencies, whatever its priority', () => {
    const p = plan([{ id: 'A', priority: 'P3' }, { id: 'B', priority: 'P0', deps: ['A'] }, { id: 'C' }]);
    expect(p.runOrder).toEqual(['C', 'A', 'B']);
  });

  it('leaves done tasks out of groups and run order and lists them', () => {
    const p = plan([
      { id: 'A', done: true },
      { id: 'B', deps: ['A'] },
    ]);
    expect(p.done).toEqual(['A']);
    expect(p.groups).toEqual([{ id: 'G1', tasks: ['B'], workersNeeded: 1 }]);
    expect(p.runOrder).toEqual(['B']);
    expect(p.tasks[0]).toMatchObject({ id: 'A', group: null, level: -1 });
  });

  it('gives size advice from the number of distinct files', () => {
    const files = (n: number): TaskSpec[] => [
      { id: 'A', files: Array.from({ length: n }, (_, i) => `modify:f${i}.ts`) },
      { id: 'B', files: ['read:f0.ts'] },
    ];
    expect(plan(files(2)).advice.mode).toBe('direct');
    expect(plan(files(3)).advice.mode).toBe('single-agent');
    expect(plan(files(10)).advice.mode).toBe('single-agent');
    expect(plan(files(11)).advice).toMatchObject({ mode: 'parallel', files: 11 });
    expect(plan([{ id: 'A' }]).advice.mode).toBe('unknown');
    expect(
      plan([
        { id: 'A', files: ['create:a'] },
        { id: 'B', deps: ['A'] },
      ]).advice.message,
    ).toContain('single chain');
  });

  it('plans a TaskGraph it did not build the same way (index rebuilt from the public shape)', () => {
    const { graph } = buildTaskGraph(taskFile(DIAMOND));
    const copy = { ...graph };
    expect(planExecution(copy, { workers: 2 })).toEqual(planExecution(graph, { workers: 2 }));
  });

  it('refuses a worker count that is not a positive integer', () => {
    const { graph } = buildTaskGraph(taskFile(DIAMOND));
    expect(() => planExecution(graph, { workers: 0 })).toThrow(UsageError);
    expect(() => planExecution(graph, { workers: 1.5 })).toThrow(/positive integer, got 1.5/);
  });

  it('exposes the run-order comparator for the scheduler', () => {
    const key = (id: string, priority: 'P0' | 'P2', bottomLevel: number) => ({ id, priority, bottomLevel });
    const keys = [key('step-10', 'P2', 1), key('step-2', 'P2', 1), key('x', 'P2', 3), key('z', 'P0', 0)];
    expect(keys.sort(compareRunOrder).map((k) => k.id)).toEqual(['z', 'x', 'step-2', 'step-10']);
  });
});

describe('compareIds', () => {
  it('orders digit runs by value and falls back to string order', () => {
    const ids = ['T10', 'T9', 'step-10', 'step-2', 'T010', 'a', 'T1.10', 'T1.9'];
    expect(ids.sort(compareIds)).toEqual(['T1.9', 'T1.10', 'T9', 'T010', 'T10', 'a', 'step-2', 'step-10']);
  });
});

describe('execution-plan.json', () => {
  it('is a versioned snake_case document with the seed’s group shape', () => {
    const doc = toExecutionPlanDocument(plan(DIAMOND, 2));
    expect(doc.version).toBe(1);
    expect(doc.groups[0]).toEqual({ id: 'G1', tasks: ['T001', 'T005'], workers_needed: 2 });
    expect(doc.summary).toEqual({ tasks: 5, pending: 5, done: 0, groups: 3, dependencies: 5, files: 0 });
    expect(doc.critical_path).toEqual({ tasks: ['T001', 'T002', 'T004'], length: 6 });
    expect(doc.makespan_lower_bound).toBe(6);
    expect(doc.tasks[3]).toMatchObject({
      id: 'T004',
      group: 'G3',
      top_level: 5,
      depends_on_reduced: ['T002', 'T003'],
    });
  });

  it('is stable: the same file gives byte-identical JSON, with rounded figures', () => {
    const specs = [
      { id: 'A', estimate: 0.1 },
      { id: 'B', estimate: 0.2, deps: ['A'] },
    ];
    const json = toExecutionPlanJson(plan(specs));
    expect(toExecutionPlanJson(plan(specs))).toBe(json);
    expect(JSON.parse(json).critical_path.length).toBe(0.3);
    expect(json.endsWith('}\n')).toBe(true);
    // One line per task, so a diff shows which task changed.
    expect(json.split('\n').filter((l) => l.includes('"title"')).length).toBe(2);
  });
});
