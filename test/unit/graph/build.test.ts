import { describe, expect, it } from 'vitest';
import { buildTaskGraph } from '../../../src/graph/build.js';
import { graphNode, type TaskGraph } from '../../../src/graph/types.js';
import { taskFile } from './fixtures.js';

function depsOf(graph: TaskGraph, id: string): string[] {
  return graphNode(graph, id).deps.map((e) => e.from);
}

describe('buildTaskGraph: explicit dependencies', () => {
  it('records deps and dependents with the reason, ids in file order', () => {
    const { graph, diagnostics, warnings } = buildTaskGraph(
      taskFile([{ id: 'T001' }, { id: 'T002', deps: ['T001'] }, { id: 'T003', deps: ['T001', 'T002'] }]),
    );
    expect(diagnostics).toEqual([]);
    expect(warnings).toEqual([]);
    expect(graph.ids).toEqual(['T001', 'T002', 'T003']);
    expect(depsOf(graph, 'T003')).toEqual(['T001', 'T002']);
    expect(graphNode(graph, 'T001').dependents.map((e) => [e.to, e.reasons])).toEqual([
      ['T002', ['explicit']],
      ['T003', ['explicit']],
    ]);
    expect(graph.order).toEqual(['T001', 'T002', 'T003']);
    expect(graph.edgeCount).toBe(3);
  });

  it('labels checklist order as such, and a written Depends as explicit', () => {
    const file = taskFile([{ id: 'step-1' }, { id: 'step-2' }, { id: 'step-3', deps: ['step-1'] }]);
    file.tasks[1]!.dependsOn.push({ id: 'step-1', position: { line: 20, column: 1 }, implicit: true });
    file.tasks[2]!.dependsOn.push({ id: 'step-2', position: { line: 30, column: 1 }, implicit: true });
    file.tasks[2]!.dependsOn.push({ id: 'step-1', position: { line: 30, column: 1 }, implicit: true });
    const { graph } = buildTaskGraph(file);
    expect(graphNode(graph, 'step-3').deps.map((e) => [e.from, e.reasons])).toEqual([
      ['step-1', ['explicit']],
      ['step-2', ['checklist']],
    ]);
  });

  it('ignores unknown and self dependencies and keeps the first task of a duplicated id', () => {
    const { graph, diagnostics } = buildTaskGraph(
      taskFile([
        { id: 'A', deps: ['NOPE', 'A'] },
        { id: 'B', deps: ['A'] },
        { id: 'A', deps: ['B'] },
      ]),
    );
    expect(diagnostics).toEqual([]);
    expect(graph.ids).toEqual(['A', 'B']);
    expect(depsOf(graph, 'A')).toEqual([]);
  });

  it('computes levels, top levels and bottom levels from estimates', () => {
    //   A(2) -> B(3) -> D(1)
    //   A(2) -> C(1) ---^
    const { graph } = buildTaskGraph(
      taskFile([
        { id: 'A', estimate: 2 },
        { id: 'B', deps: ['A'], estimate: 3 },
        { id: 'C', deps: ['A'], estimate: 1 },
        { id: 'D', deps: ['B', 'C'], estimate: 1 },
      ]),
    );
    const figures = (id: string) => {
      const n = graphNode(graph, id);
      return [n.level, n.topLevel, n.bottomLevel];
    };
    expect(figures('A')).toEqual([0, 0, 6]);
    expect(figures('B')).toEqual([1, 2, 4]);
    expect(figures('C')).toEqual([1, 2, 2]);
    expect(figures('D')).toEqual([2, 5, 1]);
  });

  it('keeps done tasks as satisfied: no weight, no level, and they do not hold back pending tasks', () => {
    const { graph } = buildTaskGraph(
      taskFile([{ id: 'A' }, { id: 'B', deps: ['A'], done: true }, { id: 'C', deps: ['B'] }]),
    );
    expect(graphNode(graph, 'B').level).toBe(-1);
    expect(graphNode(graph, 'B').bottomLevel).toBe(0);
    expect(graphNode(graph, 'C').level).toBe(0);
    expect(graphNode(graph, 'A').bottomLevel).toBe(1);
    expect(depsOf(graph, 'C')).toEqual(['B']);
  });

  it('orders 10,000 chained tasks without overflowing the stack', () => {
    const specs = Array.from({ length: 10_000 }, (_, i) => ({
      id: `T${i}`,
      deps: i === 0 ? [] : [`T${i - 1}`],
    }));
    const { graph, diagnostics } = buildTaskGraph(taskFile(specs));
    expect(diagnostics).toEqual([]);
    expect(graphNode(graph, 'T0').bottomLevel).toBe(10_000);
    expect(graphNode(graph, 'T9999').level).toBe(9_999);
  });
});

describe('buildTaskGraph: cycles', () => {
  it('prints the cycle and locates it at the first task’s Depends entry', () => {
    const { diagnostics } = buildTaskGraph(
      taskFile([{ id: 'T001' }, { id: 'T003', deps: ['T001', 'T005'] }, { id: 'T005', deps: ['T003'] }]),
    );
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0]!;
    expect(d.kind).toBe('cycle');
    expect(d.message).toContain('T003 -> T005 -> T003');
    expect(d.message).toBe(
      'dependency cycle T003 -> T005 -> T003: T003 depends on T005 (here), T005 depends on T003 (line 31)',
    );
    // T003 is the second task: line 20, its Depends entries on line 21, T005 the second entry.
    expect([d.file, d.line, d.column]).toEqual(['tasks.md', 21, 16]);
  });

  it('reports one cycle per strongly connected component, and distinct cycles inside one', () => {
    const { diagnostics } = buildTaskGraph(
      taskFile([
        { id: 'A', deps: ['B'] },
        { id: 'B', deps: ['A'] },
        { id: 'C', deps: ['D'] },
        { id: 'D', deps: ['E'] },
        { id: 'E', deps: ['C', 'F'] },
        { id: 'F', deps: ['E'] },
      ]),
    );
    const cycles = diagnostics.map((d) => d.message.split(':')[0]);
    expect(cycles).toEqual([
      'dependency cycle A -> B -> A',
      'dependency cycle C -> D -> E -> C',
      'dependency cycle F -> E -> F',
    ]);
  });

  it('adds no implicit edges when the explicit ones are cyclic', () => {
    const { warnings, diagnostics } = buildTaskGraph(
      taskFile([
        { id: 'A', deps: ['B'], files: ['modify:x.ts'] },
        { id: 'B', deps: ['A'], files: ['modify:x.ts'] },
      ]),
    );
    expect(diagnostics).toHaveLength(1);
    expect(warnings).toEqual([]);
  });
});
