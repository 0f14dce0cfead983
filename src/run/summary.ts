/** The end-of-run figures (seed 003's execution summary). */
import type { Usage } from '../agents/types.js';
import type { RunSummary } from './events.js';
import type { Scheduler } from './scheduler.js';

export function summarise(input: {
  scheduler: Scheduler;
  startedAt: number;
  agentMs: number;
  workersUsed: number;
  usage: Usage;
  integrationBranch: string;
  integrationCommit?: string;
  unmergedBranches: string[];
  /** Task ids already done in the task file (not counted). */
  doneIds: ReadonlySet<string>;
}): RunSummary {
  const s = { total: 0, merged: 0, failed: 0, skipped: 0, conflicted: 0 };
  for (const t of input.scheduler.tasks()) {
    if (input.doneIds.has(t.id)) continue;
    s.total++;
    const st = t.state;
    if (st.kind === 'merged') s.merged++;
    else if (st.kind === 'conflicted') s.conflicted++;
    else if (st.kind === 'skipped') {
      if (st.cause === 'attempts-exhausted') s.failed++;
      else s.skipped++;
    } else if (st.kind === 'failed') s.failed++;
  }
  const durationMs = Date.now() - input.startedAt;
  return {
    ...s,
    durationMs,
    workersUsed: input.workersUsed,
    parallelism: durationMs > 0 ? Math.round((input.agentMs / durationMs) * 100) / 100 : 0,
    usage: input.usage,
    integrationBranch: input.integrationBranch,
    ...(input.integrationCommit ? { integrationCommit: input.integrationCommit } : {}),
    unmergedBranches: input.unmergedBranches,
  };
}

/** Add `u` into `total`, field by field. */
export function addUsage(total: Usage, u: Usage): void {
  for (const k of ['inputTokens', 'outputTokens', 'cacheReadTokens', 'costUsd'] as const) {
    if (u[k] !== undefined) total[k] = (total[k] ?? 0) + (u[k] as number);
  }
}
