/**
 * Seeded random task DAGs and the figures a schedule is judged by: critical
 * path, the makespan lower bound, and the plan's barrier groups. Shared by the
 * scheduler's property tests and the scheduling benchmarks (virtual-time and,
 * later, real-process), so every comparison runs on the same fixed DAGs.
 */
import type { Priority } from '../tasks/types.js';
import type { DeclaredFile } from './locks.js';
import type { SchedulableTask } from './scheduler-types.js';

export interface DagTask {
  id: string;
  dependsOn: string[];
  /** True duration (virtual time units, or seconds for a sleep agent). */
  duration: number;
  priority: Priority;
  files: DeclaredFile[];
}

/** mulberry32: small, fast, good enough for reproducible test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomDagOptions {
  tasks: number;
  seed: number;
  /** Inclusive integer duration range (default 1–5). */
  minDuration?: number;
  maxDuration?: number;
  /** Each task depends on 0..maxDeps of the `window` tasks before it (defaults 3 and 8). */
  maxDeps?: number;
  window?: number;
}

/** Tasks `T001…` in topological order; dependencies only point backwards. */
export function randomDag(options: RandomDagOptions): DagTask[] {
  const rand = seededRandom(options.seed);
  const minD = options.minDuration ?? 1;
  const maxD = options.maxDuration ?? 5;
  const maxDeps = options.maxDeps ?? 3;
  const window = options.window ?? 8;
  const width = Math.max(3, String(options.tasks).length);
  const id = (i: number): string => `T${String(i + 1).padStart(width, '0')}`;
  const tasks: DagTask[] = [];
  for (let i = 0; i < options.tasks; i++) {
    const deps = new Set<string>();
    const want = Math.floor(rand() * (maxDeps + 1));
    const lo = Math.max(0, i - window);
    for (let k = 0; k < want && i > 0; k++) deps.add(id(lo + Math.floor(rand() * (i - lo))));
    tasks.push({
      id: id(i),
      dependsOn: [...deps].sort(),
      duration: minD + Math.floor(rand() * (maxD - minD + 1)),
      priority: 'P1',
      files: [],
    });
  }
  return tasks;
}

/** Longest path from each task to the end, itself included, with `weight` per task. */
export function bottomLevels(tasks: readonly DagTask[], weight: (t: DagTask) => number): Map<string, number> {
  const dependents = new Map<string, string[]>(tasks.map((t) => [t.id, []]));
  for (const t of tasks) for (const d of t.dependsOn) dependents.get(d)?.push(t.id);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const levels = new Map<string, number>();
  for (const t of topologicalOrder(tasks).reverse()) {
    const below = Math.max(0, ...dependents.get(t.id)!.map((d) => levels.get(d)!));
    levels.set(t.id, weight(byId.get(t.id)!) + below);
  }
  return levels;
}

export function criticalPath(tasks: readonly DagTask[]): number {
  return Math.max(0, ...bottomLevels(tasks, (t) => t.duration).values());
}

/** No schedule on `workers` workers can finish sooner. */
export function lowerBound(tasks: readonly DagTask[], workers: number): number {
  const work = tasks.reduce((s, t) => s + t.duration, 0);
  return Math.max(criticalPath(tasks), work / workers);
}

/** The plan's groups: group k holds the tasks whose longest chain of dependencies has k links. */
export function barrierGroups(tasks: readonly DagTask[]): string[][] {
  const level = new Map<string, number>();
  for (const t of topologicalOrder(tasks)) {
    level.set(t.id, Math.max(-1, ...t.dependsOn.map((d) => level.get(d)!)) + 1);
  }
  const groups: string[][] = [];
  for (const t of tasks) {
    const k = level.get(t.id)!;
    groups[k] = [...(groups[k] ?? []), t.id];
  }
  return groups;
}

/** The same tasks with every task of group k+1 depending on all of group k: seed 003's barriers. */
export function withBarriers(tasks: readonly DagTask[]): DagTask[] {
  const groups = barrierGroups(tasks);
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => {
    for (const id of g) groupOf.set(id, i);
  });
  return tasks.map((t) => {
    const g = groupOf.get(t.id)!;
    return { ...t, dependsOn: g === 0 ? [] : [...groups[g - 1]!] };
  });
}

/** Scheduler input; `estimate` gives the weight used for the remaining critical path. */
export function toSchedulable(
  tasks: readonly DagTask[],
  estimate: (t: DagTask) => number = () => 1,
): SchedulableTask[] {
  const levels = bottomLevels(tasks, estimate);
  return tasks.map((t) => ({
    id: t.id,
    priority: t.priority,
    dependsOn: t.dependsOn,
    files: t.files,
    bottomLevel: levels.get(t.id)!,
    done: false,
  }));
}

/** Kahn's algorithm, stable in input order (iterative: DAGs of 10,000 tasks are deep). */
function topologicalOrder(tasks: readonly DagTask[]): DagTask[] {
  const indegree = new Map(tasks.map((t) => [t.id, new Set(t.dependsOn).size]));
  const dependents = new Map<string, DagTask[]>(tasks.map((t) => [t.id, []]));
  for (const t of tasks) for (const d of new Set(t.dependsOn)) dependents.get(d)?.push(t);
  const out = tasks.filter((t) => indegree.get(t.id) === 0);
  for (let i = 0; i < out.length; i++) {
    for (const d of dependents.get(out[i]!.id)!) {
      const n = indegree.get(d.id)! - 1;
      indegree.set(d.id, n);
      if (n === 0) out.push(d);
    }
  }
  return out;
}
