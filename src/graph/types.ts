/** The dependency graph of a task file, as built by `buildTaskGraph`. */
import type { Diagnostic } from '../errors.js';
import type { Task } from '../tasks/types.js';

/**
 * Why one task waits for another: `explicit` (a `Depends:` entry), `checklist`
 * (the previous item of an ordered checklist) or `file:<path>` (derived from
 * the file operations both tasks declare).
 */
export type EdgeReason = 'explicit' | 'checklist' | `file:${string}`;

/** `from` runs before `to`: `to` depends on `from`. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** `from`'s position in the file (its node's `index`). */
  readonly fromIndex: number;
  /** `to`'s position in the file. */
  readonly toIndex: number;
  /** Every reason that produced this edge: written ones (explicit, checklist) first. */
  readonly reasons: readonly EdgeReason[];
}

export interface GraphNode {
  readonly task: Task;
  /** Position of the task in the file (0-based). */
  readonly index: number;
  /** Edges into this task (what it waits for), in file order of `from`. */
  readonly deps: readonly GraphEdge[];
  /** Edges out of this task (what waits for it), in file order of `to`. */
  readonly dependents: readonly GraphEdge[];
  /**
   * Group index: 0 for a pending task with no pending dependency, else one more
   * than its deepest pending dependency. -1 for a done task.
   */
  readonly level: number;
  /** Longest path of estimates from a source to this task, excluding itself (its earliest start). */
  readonly topLevel: number;
  /** Longest path of estimates from this task to a sink, including itself: its remaining critical path. */
  readonly bottomLevel: number;
}

export interface TaskGraph {
  /** The task file the graph came from (for messages). */
  readonly file: string;
  /** Task ids in file order (first occurrence of each id). */
  readonly ids: readonly string[];
  readonly nodes: ReadonlyMap<string, GraphNode>;
  /** A topological order: by depth in the whole graph, then file order. */
  readonly order: readonly string[];
  readonly edgeCount: number;
  /** Non-fatal findings (tasks ordered because they touch the same file, skipped implicit edges). */
  readonly warnings: readonly Diagnostic[];
}

/** The node of `id`; throws when the id is not in the graph (a caller bug, not a user error). */
export function graphNode(graph: TaskGraph, id: string): GraphNode {
  const node = graph.nodes.get(id);
  if (node === undefined) throw new Error(`task ${id} is not in the graph of ${graph.file}`);
  return node;
}
