import { describe, expect, it } from 'vitest';
import { buildTaskGraph } from '../../../src/graph/build.js';
import { graphNode, type TaskGraph } from '../../../src/graph/types.js';
import { taskFile } from './fixtures.js';

function depsWithReasons(graph: TaskGraph, id: string): [string, readonly string[]][] {
  return graphNode(graph, id).deps.map((e) => [e.from, e.reasons]);
}

describe('implicit dependencies from file operations', () => {
  it('runs a creator before the tasks that modify, read or delete the file', () => {
    const { graph, warnings } = buildTaskGraph(
      taskFile([
        { id: 'R', files: ['read:src/a.ts'] },
        { id: 'M', files: ['modify:src/a.ts'] },
        { id: 'C', files: ['create:src/a.ts'] },
      ]),
    );
    expect(depsWithReasons(graph, 'M')).toEqual([['C', ['file:src/a.ts']]]);
    expect(depsWithReasons(graph, 'R')).toEqual([['C', ['file:src/a.ts']]]);
    expect(depsWithReasons(graph, 'C')).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('runs a deleter after every reader and writer', () => {
    const { graph } = buildTaskGraph(
      taskFile([
        { id: 'D', files: ['delete:old.ts'] },
        { id: 'R1', files: ['read:old.ts'] },
        { id: 'R2', files: ['read:old.ts'] },
        { id: 'M', files: ['modify:old.ts'] },
      ]),
    );
    expect(graphNode(graph, 'D').deps.map((e) => e.from)).toEqual(['R1', 'R2', 'M']);
  });

  it('orders modifiers by priority, then file order, and warns once naming them all with positions', () => {
    const { graph, warnings } = buildTaskGraph(
      taskFile([
        { id: 'T001', files: ['modify:src/app.ts'] },
        { id: 'T002', priority: 'P1', files: ['modify:src/app.ts'] },
        { id: 'T003', files: ['modify:src/app.ts'] },
      ]),
    );
    expect(depsWithReasons(graph, 'T001')).toEqual([['T002', ['file:src/app.ts']]]);
    expect(depsWithReasons(graph, 'T003')).toEqual([['T001', ['file:src/app.ts']]]);
    expect(warnings.map((w) => [w.kind, w.line, w.message])).toEqual([
      [
        'same-file',
        12,
        'T002, T001 and T003 all modify src/app.ts (tasks.md:22:3, tasks.md:12:3, tasks.md:32:3); they run one ' +
          'after another in that order (priority first, then file order, as far as their dependencies allow)',
      ],
    ]);
  });

  it('names both tasks of a pair with their positions and why the first goes first', () => {
    const { warnings } = buildTaskGraph(
      taskFile([
        { id: 'T001', files: ['modify:src/app.ts'] },
        { id: 'T002', priority: 'P1', files: ['modify:src/app.ts'] },
      ]),
    );
    expect(warnings.map((w) => [w.line, w.column, w.message])).toEqual([
      [
        12,
        3,
        'T002 and T001 both modify src/app.ts (tasks.md:22:3 and tasks.md:12:3); T002 runs first (P1 before P2)',
      ],
    ]);
  });

  it('merges an implicit reason into an explicit edge and does not warn about an order the user wrote', () => {
    const { graph, warnings } = buildTaskGraph(
      taskFile([
        { id: 'A', files: ['modify:x.ts'] },
        { id: 'B', deps: ['A'], files: ['modify:x.ts'] },
      ]),
    );
    expect(depsWithReasons(graph, 'B')).toEqual([['A', ['explicit', 'file:x.ts']]]);
    expect(warnings).toEqual([]);
  });

  it('follows the written order when dependencies contradict priority order', () => {
    // C (P0) would go first by priority, but C depends on B which depends on A.
    const { graph, warnings } = buildTaskGraph(
      taskFile([
        { id: 'A', files: ['modify:x.ts'] },
        { id: 'B', deps: ['A'] },
        { id: 'C', priority: 'P0', deps: ['B'], files: ['modify:x.ts'] },
        { id: 'D', files: ['modify:x.ts'] },
      ]),
    );
    expect(graphNode(graph, 'A').deps).toEqual([]);
    // A -> C is implied by A -> B -> C; the chain adds it anyway (display reduces it away).
    expect(depsWithReasons(graph, 'C')).toEqual([
      ['A', ['file:x.ts']],
      ['B', ['explicit']],
    ]);
    // The chain is A, C, D: every modifier is ordered relative to every other.
    expect(depsWithReasons(graph, 'D')).toEqual([['C', ['file:x.ts']]]);
    expect(warnings.map((w) => w.message)).toEqual([
      'A, C and D all modify x.ts (tasks.md:12:3, tasks.md:32:3, tasks.md:42:3); they run one after another in ' +
        'that order (priority first, then file order, as far as their dependencies allow)',
    ]);
  });

  it('orders modifiers as a priority-first run would reach them, not ahead of their own dependencies', () => {
    // Y is P0 but waits for W; Z is ready at once, so Z modifies x.ts first.
    const { graph, warnings } = buildTaskGraph(
      taskFile([
        { id: 'Z', priority: 'P3', files: ['modify:x.ts'] },
        { id: 'Y', priority: 'P0', deps: ['W'], files: ['modify:x.ts'] },
        { id: 'W', priority: 'P3' },
      ]),
    );
    expect(depsWithReasons(graph, 'Y')).toEqual([
      ['Z', ['file:x.ts']],
      ['W', ['explicit']],
    ]);
    expect(warnings[0]!.message).toContain('Z runs first (its dependencies let it start earlier)');
  });

  it('skips an implicit edge that would close a cycle and says why', () => {
    // C creates x.ts, which R reads, but C already depends on R.
    const { graph, diagnostics, warnings } = buildTaskGraph(
      taskFile([
        { id: 'R', files: ['read:x.ts'] },
        { id: 'M', deps: ['R'] },
        { id: 'C', deps: ['M'], files: ['create:x.ts'] },
      ]),
    );
    expect(diagnostics).toEqual([]);
    expect(graphNode(graph, 'R').deps).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'implicit-cycle', line: 12, column: 3 });
    expect(warnings[0]!.message).toBe(
      'R reads x.ts, which C creates, but C already depends on R (C -> M -> R); that file order is not applied',
    );
  });

  it('keeps two implicit orders from forming a cycle between themselves', () => {
    const { graph, warnings } = buildTaskGraph(
      taskFile([
        { id: 'A', files: ['create:a.ts', 'read:b.ts'] },
        { id: 'B', files: ['create:b.ts', 'read:a.ts'] },
      ]),
    );
    expect(depsWithReasons(graph, 'B')).toEqual([['A', ['file:a.ts']]]);
    expect(graphNode(graph, 'A').deps).toEqual([]);
    expect(warnings.map((w) => w.kind)).toEqual(['implicit-cycle']);
  });

  it('uses a task’s strongest operation on a path and ignores done tasks', () => {
    const { graph, warnings } = buildTaskGraph(
      taskFile([
        { id: 'A', files: ['read:x.ts', 'create:x.ts'] },
        { id: 'B', files: ['modify:x.ts'] },
        { id: 'OLD', done: true, files: ['modify:x.ts'] },
      ]),
    );
    expect(depsWithReasons(graph, 'B')).toEqual([['A', ['file:x.ts']]]);
    expect(graphNode(graph, 'OLD').deps).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('warns when two tasks create the same file', () => {
    const { warnings } = buildTaskGraph(
      taskFile([
        { id: 'A', files: ['create:x.ts'] },
        { id: 'B', files: ['create:x.ts'] },
      ]),
    );
    expect(warnings.map((w) => w.message)).toEqual([
      'A and B both create x.ts (tasks.md:12:3 and tasks.md:22:3); A runs first (same priority, earlier in the file)',
    ]);
  });

  it('reorders a large region when a late implicit edge points backwards', () => {
    // B0..B99 chained, all after A in file order; A modifies a file that B99 creates.
    const specs = [
      { id: 'A', files: ['modify:f.ts'] },
      ...Array.from({ length: 100 }, (_, i) => ({ id: `B${i}`, deps: i === 0 ? [] : [`B${i - 1}`] })),
    ];
    specs[100] = { ...specs[100]!, files: ['create:f.ts'] } as (typeof specs)[number];
    const { graph } = buildTaskGraph(taskFile(specs));
    expect(depsWithReasons(graph, 'A')).toEqual([['B99', ['file:f.ts']]]);
    expect(graph.order.indexOf('A')).toBe(100);
    expect(graphNode(graph, 'B0').bottomLevel).toBe(101);
  });
});
