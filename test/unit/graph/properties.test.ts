import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTaskGraph } from '../../../src/graph/build.js';
import { planExecution } from '../../../src/graph/plan.js';
import { graphNode } from '../../../src/graph/types.js';
import { PRIORITIES } from '../../../src/tasks/types.js';
import { type TaskSpec, taskFile } from './fixtures.js';

const PATHS = ['a.ts', 'b.ts', 'c.ts', 'd.ts'];
const OPS = ['create', 'modify', 'read', 'delete'] as const;

/** A random DAG: task k may depend on tasks generated before it; file order is then shuffled. */
const dagSpecs = fc
  .integer({ min: 1, max: 25 })
  .chain((n) =>
    fc.tuple(
      fc.tuple(
        ...Array.from({ length: n }, (_, k) =>
          fc.record({
            deps: fc.uniqueArray(fc.nat({ max: Math.max(0, k - 1) }), { maxLength: k === 0 ? 0 : 4 }),
            priority: fc.constantFrom(...PRIORITIES),
            estimate: fc.constantFrom(0, 0.5, 1, 2, 5),
            files: fc.array(fc.tuple(fc.constantFrom(...OPS), fc.constantFrom(...PATHS)), { maxLength: 2 }),
          }),
        ),
      ),
      fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n, maxLength: n },
      ),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    ),
  )
  .map(([raw, fileOrder, done]) =>
    fileOrder.map(
      (k): TaskSpec => ({
        id: `T${String(k + 1).padStart(3, '0')}`,
        deps: raw[k]!.deps.filter((d) => d < k).map((d) => `T${String(d + 1).padStart(3, '0')}`),
        priority: raw[k]!.priority,
        estimate: raw[k]!.estimate,
        done: done[k]! && k % 3 === 0,
        files: raw[k]!.files.map(([op, path]) => `${op}:${path}`),
      }),
    ),
  );

function reachable(from: string, edgesOf: (id: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    for (const next of edgesOf(stack.pop()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

describe('property: any valid DAG plans', () => {
  it('keeps every task exactly once and respects every dependency', () => {
    fc.assert(
      fc.property(dagSpecs, fc.integer({ min: 1, max: 6 }), (specs, workers) => {
        const { graph, diagnostics } = buildTaskGraph(taskFile(specs));
        expect(diagnostics).toEqual([]);
        const plan = planExecution(graph, { workers });
        const pending = specs.filter((s) => !s.done).map((s) => s.id);

        const grouped = plan.groups.flatMap((g) => g.tasks);
        expect([...grouped].sort()).toEqual([...pending].sort());
        expect([...plan.runOrder].sort()).toEqual([...pending].sort());
        expect([...plan.done, ...pending].sort()).toEqual(specs.map((s) => s.id).sort());

        const groupIndex = new Map(plan.groups.flatMap((g, i) => g.tasks.map((id) => [id, i] as const)));
        const runIndex = new Map(plan.runOrder.map((id, i) => [id, i]));
        const orderIndex = new Map(graph.order.map((id, i) => [id, i]));
        for (const spec of specs) {
          const deps = graphNode(graph, spec.id).deps.map((e) => e.from);
          for (const written of spec.deps ?? []) expect(deps).toContain(written);
          for (const dep of deps) {
            expect(orderIndex.get(dep)!).toBeLessThan(orderIndex.get(spec.id)!);
            if (spec.done || graphNode(graph, dep).task.done) continue;
            expect(groupIndex.get(dep)!).toBeLessThan(groupIndex.get(spec.id)!);
            expect(runIndex.get(dep)!).toBeLessThan(runIndex.get(spec.id)!);
          }
        }

        const path = plan.criticalPath.tasks;
        for (let i = 1; i < path.length; i++) {
          expect(graphNode(graph, path[i]!).deps.map((e) => e.from)).toContain(path[i - 1]);
        }
        const pathWeight = path.reduce((sum, id) => sum + graphNode(graph, id).task.estimate, 0);
        expect(plan.criticalPath.length).toBeCloseTo(pathWeight, 9);
        expect(plan.lowerBound).toBeGreaterThanOrEqual(plan.criticalPath.length);
        expect(plan.lowerBound).toBeGreaterThanOrEqual(plan.totalWork / workers - 1e-9);
        for (const id of pending) {
          expect(graphNode(graph, id).bottomLevel).toBeLessThanOrEqual(plan.criticalPath.length + 1e-9);
        }

        // The reduced dependencies order exactly the same pairs as the full ones.
        const reducedOf = new Map(plan.tasks.map((t) => [t.id, t.dependsOnReduced.map((d) => d.id)]));
        for (const id of graph.ids) {
          const full = reachable(id, (v) => graphNode(graph, v).deps.map((e) => e.from));
          const reduced = reachable(id, (v) => reducedOf.get(v)!);
          expect(reduced).toEqual(full);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: a cycle always yields a diagnostic naming a real cycle', () => {
  it('reports cycles whose consecutive tasks depend on each other, first == last', () => {
    const withCycle = dagSpecs
      .filter((specs) => specs.length >= 2)
      .chain((specs) =>
        fc.tuple(
          fc.constant(specs),
          fc.shuffledSubarray(
            specs.map((s) => s.id),
            { minLength: 2, maxLength: Math.min(5, specs.length) },
          ),
        ),
      );
    fc.assert(
      fc.property(withCycle, ([specs, ring]) => {
        const byId = new Map(specs.map((s) => [s.id, { ...s, deps: [...(s.deps ?? [])] }]));
        ring.forEach((id, i) => {
          byId.get(id)!.deps.push(ring[(i + 1) % ring.length]!);
        });
        const file = taskFile([...byId.values()]);
        const { diagnostics } = buildTaskGraph(file);
        expect(diagnostics.length).toBeGreaterThan(0);
        for (const d of diagnostics) {
          expect(d.kind).toBe('cycle');
          const ids = /^dependency cycle (.*?):/.exec(d.message)![1]!.split(' -> ');
          expect(ids.length).toBeGreaterThanOrEqual(3);
          expect(ids[0]).toBe(ids[ids.length - 1]);
          for (let i = 0; i + 1 < ids.length; i++) {
            const task = file.tasks.find((t) => t.id === ids[i])!;
            expect(task.dependsOn.map((dep) => dep.id)).toContain(ids[i + 1]);
          }
          const first = file.tasks.find((t) => t.id === ids[0])!;
          const entry = first.dependsOn.find((dep) => dep.id === ids[1])!;
          expect([d.line, d.column]).toEqual([entry.position.line, entry.position.column]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
