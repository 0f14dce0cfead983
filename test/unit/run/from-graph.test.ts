import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTaskGraph } from '../../../src/graph/build.js';
import { schedulableTasks } from '../../../src/run/from-graph.js';
import { Scheduler } from '../../../src/run/scheduler.js';
import { simulate } from '../../../src/run/simulate.js';
import { parseTaskFile } from '../../../src/tasks/parse.js';

describe('schedulableTasks', () => {
  it('feeds the bundled example’s task graph to the scheduler, which runs it to the end', () => {
    const path = 'examples/greeter/tasks.md';
    const { taskFile, diagnostics } = parseTaskFile(readFileSync(path, 'utf8'), path);
    expect(diagnostics).toEqual([]);
    const { graph } = buildTaskGraph(taskFile);
    const tasks = schedulableTasks(graph);
    expect(tasks.map((t) => t.id)).toEqual(graph.ids);
    for (const t of tasks) {
      const node = graph.nodes.get(t.id)!;
      expect(t.dependsOn).toEqual(node.deps.map((e) => e.from));
      expect(t.bottomLevel).toBe(node.bottomLevel);
    }
    const s = new Scheduler(tasks);
    const { trace } = simulate(s, { workers: 3, duration: () => 1 });
    expect(s.counts().merged).toBe(tasks.length);
    expect(trace.filter((e) => e.type === 'start')).toHaveLength(tasks.filter((t) => !t.done).length);
  });
});
