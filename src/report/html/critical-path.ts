/**
 * The longest chain of dependent tasks, weighted by the time the tasks took.
 * No schedule can finish before that chain does, whatever the worker count.
 */

export interface DependencyNode {
  id: string;
  dependsOn: readonly string[];
}

export interface CriticalPath {
  /** First task first. */
  taskIds: string[];
  ms: number;
}

/** `weight(id)` is the task's time; unknown dependencies are ignored, a cycle ends the walk. */
export function criticalPath(nodes: readonly DependencyNode[], weight: (id: string) => number): CriticalPath {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const finish = new Map<string, number>();
  const via = new Map<string, string>();
  const visiting = new Set<string>();

  // Iterative depth-first walk: 1,000-task chains must not overflow the stack.
  const settle = (root: string): void => {
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    visiting.add(root);
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const deps = byId.get(top.id)?.dependsOn ?? [];
      if (top.next < deps.length) {
        const dep = deps[top.next++]!;
        if (byId.has(dep) && !finish.has(dep) && !visiting.has(dep)) {
          visiting.add(dep);
          stack.push({ id: dep, next: 0 });
        }
        continue;
      }
      let best = 0;
      let bestDep: string | undefined;
      for (const dep of deps) {
        const f = finish.get(dep);
        if (f !== undefined && (bestDep === undefined || f > best)) {
          best = f;
          bestDep = dep;
        }
      }
      finish.set(top.id, best + Math.max(0, weight(top.id)));
      if (bestDep !== undefined) via.set(top.id, bestDep);
      visiting.delete(top.id);
      stack.pop();
    }
  };
  for (const n of nodes) if (!finish.has(n.id)) settle(n.id);

  let end: string | undefined;
  let ms = 0;
  for (const n of nodes) {
    const f = finish.get(n.id)!;
    if (end === undefined || f > ms) {
      end = n.id;
      ms = f;
    }
  }
  const taskIds: string[] = [];
  for (let id = end; id !== undefined; id = via.get(id)) taskIds.push(id);
  return { taskIds: taskIds.reverse(), ms };
}
