/**
 * Whether the work is big enough to be worth parallel agents, by the number of
 * distinct files the pending tasks touch: 1–2 files are quicker done directly,
 * 3–10 suit one agent working sequentially, more than 10 pay for parallel
 * workers. Advice only: weft plans and runs whatever it is given.
 */
import { graphIndex } from './graph-index.js';
import type { TaskGraph } from './types.js';

export type SizeAdviceMode = 'direct' | 'single-agent' | 'parallel' | 'unknown';

export interface SizeAdvice {
  mode: SizeAdviceMode;
  /** Distinct paths declared by pending tasks. */
  files: number;
  message: string;
}

export function sizeAdvice(graph: TaskGraph, sequential: boolean): SizeAdvice {
  const files = graphIndex(graph).pendingPaths ?? countPendingPaths(graph);
  const counted = `${files} file${files === 1 ? '' : 's'} touched`;
  const chain = sequential ? '; the tasks form a single chain, so extra workers would wait' : '';
  if (files === 0) {
    return {
      mode: 'unknown',
      files,
      message: 'no pending task declares its files, so the size of the work is unknown',
    };
  }
  if (files <= 2) {
    return {
      mode: 'direct',
      files,
      message: `${counted}: small enough to do directly, without agents in worktrees${chain}`,
    };
  }
  if (files <= 10) {
    return {
      mode: 'single-agent',
      files,
      message: `${counted}: a single agent working sequentially is likely enough${chain}`,
    };
  }
  return {
    mode: 'parallel',
    files,
    message: `${counted}: large enough to benefit from parallel workers${chain}`,
  };
}

function countPendingPaths(graph: TaskGraph): number {
  const paths = new Set<string>();
  for (const node of graph.nodes.values()) {
    if (node.task.done) continue;
    for (const ref of node.task.files) paths.add(ref.path);
  }
  return paths.size;
}
