/**
 * The graph's nodes and edges as the public API shows them (`GraphNode`,
 * `GraphEdge`), made from the edge table when first asked for. Planning works
 * on the table, so a 10,000-task plan builds none of these ~55,000 edge
 * objects; the orchestrator and library users see the same graph as before.
 */
import type { Task } from '../tasks/types.js';
import type { EdgeTable } from './edge-table.js';
import type { GraphEdge, GraphNode } from './types.js';

/** One `GraphEdge` per edge id, shared by both ends, made on first use. */
export class GraphEdges {
  private readonly made: (GraphEdge | undefined)[];

  constructor(
    private readonly table: EdgeTable,
    private readonly ids: readonly string[],
  ) {
    this.made = new Array<GraphEdge | undefined>(table.edgeCount);
  }

  edge(e: number): GraphEdge {
    let made = this.made[e];
    if (made === undefined) {
      const { from, to, reasons } = this.table;
      made = {
        from: this.ids[from[e]!]!,
        to: this.ids[to[e]!]!,
        fromIndex: from[e]!,
        toIndex: to[e]!,
        reasons: reasons[e]!,
      };
      this.made[e] = made;
    }
    return made;
  }

  /** `list[start[v]]` … `list[start[v + 1] - 1]` as edges. */
  slice(start: Int32Array, list: Int32Array, v: number): GraphEdge[] {
    const out = new Array<GraphEdge>(start[v + 1]! - start[v]!);
    for (let k = start[v]!; k < start[v + 1]!; k++) out[k - start[v]!] = this.edge(list[k]!);
    return out;
  }
}

export class TaskNode implements GraphNode {
  private depsMade: readonly GraphEdge[] | undefined;
  private dependentsMade: readonly GraphEdge[] | undefined;

  constructor(
    readonly task: Task,
    readonly index: number,
    readonly level: number,
    readonly topLevel: number,
    readonly bottomLevel: number,
    private readonly edges: GraphEdges,
    private readonly table: EdgeTable,
  ) {}

  get deps(): readonly GraphEdge[] {
    this.depsMade ??= this.edges.slice(this.table.innStart, this.table.innEdge, this.index);
    return this.depsMade;
  }

  get dependents(): readonly GraphEdge[] {
    this.dependentsMade ??= this.edges.slice(this.table.outStart, this.table.outEdge, this.index);
    return this.dependentsMade;
  }

  /** Shown as a plain node (`JSON.stringify`, test output): the edges included, the table left out. */
  toJSON(): GraphNode {
    const { task, index, deps, dependents, level, topLevel, bottomLevel } = this;
    return { task, index, deps, dependents, level, topLevel, bottomLevel };
  }
}
