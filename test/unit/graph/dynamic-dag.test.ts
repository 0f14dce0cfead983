import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Closure } from '../../../src/graph/closure.js';
import { DynamicDag } from '../../../src/graph/dynamic-dag.js';

const order = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('DynamicDag', () => {
  it('reorders when an edge goes against the order, and refuses one that closes a cycle with the path', () => {
    const dag = new DynamicDag(4, order(4));
    expect(dag.add(3, 0, 'explicit')).toEqual({ ok: true });
    expect(dag.ord[3]!).toBeLessThan(dag.ord[0]!);
    expect(dag.add(0, 1, 'explicit')).toEqual({ ok: true });
    expect(dag.add(1, 3, 'file:x')).toEqual({ ok: false, path: [3, 0, 1] });
    expect(dag.reaches(3, 1)).toBe(true);
    expect(dag.reaches(1, 3)).toBe(false);
    expect(dag.edgeCount).toBe(2);
  });

  it('merges a second reason into an existing edge without sharing the array', () => {
    const dag = new DynamicDag(3, order(3));
    dag.addUnchecked(0, 1, 'explicit');
    dag.addUnchecked(1, 2, 'explicit');
    dag.addUnchecked(0, 1, 'file:a');
    expect(dag.reasons[dag.edge(0, 1)]).toEqual(['explicit', 'file:a']);
    expect(dag.reasons[dag.edge(1, 2)]).toEqual(['explicit']);
  });

  it('keeps a valid topological order under any sequence of insertions (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 12 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })), { maxLength: 40 }),
            ),
          ),
        ([n, pairs]) => {
          const dag = new DynamicDag(n, order(n));
          for (const [a, b] of pairs) {
            const result = dag.add(a, b, 'explicit');
            if (result.ok) continue;
            // The refusal names a real path from b back to a.
            expect(result.path[0]).toBe(b);
            expect(result.path[result.path.length - 1]).toBe(a);
            for (let i = 1; i < result.path.length; i++) {
              expect(dag.edge(result.path[i - 1]!, result.path[i]!)).not.toBe(-1);
            }
          }
          for (let e = 0; e < dag.edgeCount; e++)
            expect(dag.ord[dag.from[e]!]!).toBeLessThan(dag.ord[dag.to[e]!]!);
          const byOrd = order(n).sort((a, b) => dag.ord[a]! - dag.ord[b]!);
          const closure = new Closure(dag.out, dag.to, byOrd);
          for (let a = 0; a < n; a++) {
            for (let b = 0; b < n; b++) {
              if (a === b) continue;
              expect(closure.reaches(a, b)).toBe(dag.reaches(a, b));
              if (closure.reaches(a, b)) {
                const path = closure.path(a, b);
                expect([path[0], path[path.length - 1]]).toEqual([a, b]);
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
