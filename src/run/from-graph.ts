/** The scheduler's input from the task graph (src/graph/). */
import type { TaskGraph } from '../graph/types.js';
import type { SchedulableTask } from './scheduler-types.js';

/** Every task of the graph in file order: dependencies include implicit (file) edges; done tasks stay in. */
export function schedulableTasks(graph: TaskGraph): SchedulableTask[] {
  return graph.ids.map((id) => {
    const node = graph.nodes.get(id)!;
    return {
      id,
      priority: node.task.priority,
      dependsOn: node.deps.map((e) => e.from),
      files: node.task.files.map((f) => ({ path: f.path, op: f.op })),
      bottomLevel: node.bottomLevel,
      done: node.task.done,
    };
  });
}
