/** Seed 003's execution summary, plus what to do next. */
import { relative } from 'node:path';
import type { RunState } from '../journal/run-state.js';
import type { RunResult } from '../run/run.js';
import { formatDuration } from '../util/duration.js';
import { shortList } from '../util/short-list.js';

const RULE = '═'.repeat(58);

export function renderSummary(result: RunResult, state: RunState, cwd: string): string {
  const s = result.summary;
  const tasks = Object.values(state.tasks);
  const lines = [RULE, result.stopped ? 'EXECUTION STOPPED' : 'EXECUTION SUMMARY', RULE];
  lines.push(`Completed: ${s.merged} of ${s.total} tasks`);
  const failed = tasks.filter((t) => t.status === 'skipped' && /^failed \d+ time/.test(t.skipReason ?? ''));
  if (s.failed > 0) {
    const why = failed.map((t) => `${t.id}: ${oneLine(t.lastError ?? t.skipReason ?? '')}`);
    lines.push(
      `Failed: ${s.failed} task${s.failed === 1 ? '' : 's'}${why.length ? ` (${shortList(why, 10, '; ')})` : ''}`,
    );
  }
  if (s.conflicted > 0) {
    const c = tasks.filter((t) => t.status === 'conflicted');
    lines.push(
      `Conflicted: ${shortList(
        c.map((t) => `${t.id} in ${(t.conflictFiles ?? []).join(', ')}`),
        10,
        '; ',
      )}`,
    );
  }
  if (s.skipped > 0) {
    const sk = tasks.filter((t) => t.status === 'skipped' && !failed.includes(t));
    lines.push(
      `Skipped: ${shortList(
        sk.map((t) => `${t.id} (${oneLine(t.skipReason ?? '', 60)})`),
        10,
        '; ',
      )}`,
    );
  }
  if (result.stopped) {
    const open = tasks.filter((t) => !['merged', 'skipped', 'conflicted'].includes(t.status));
    if (open.length)
      lines.push(
        `Not finished: ${shortList(
          open.map((t) => t.id),
          20,
        )}`,
      );
  }
  lines.push(`Duration: ${formatDuration(s.durationMs)}`);
  lines.push(`Workers used: ${s.workersUsed}`);
  lines.push(`Parallelism achieved: ${s.parallelism.toFixed(1)}x (agent time / wall time)`);
  const tokens = (s.usage.inputTokens ?? 0) + (s.usage.outputTokens ?? 0);
  if (tokens > 0 || s.usage.costUsd) {
    lines.push(
      `Tokens: ${s.usage.inputTokens ?? 0} in, ${s.usage.outputTokens ?? 0} out${s.usage.costUsd !== undefined ? ` · Cost: $${s.usage.costUsd.toFixed(4)}` : ''}`,
    );
  }
  lines.push(`Integration branch: ${s.integrationBranch} (${(s.integrationCommit ?? '').slice(0, 10)})`);
  if (s.unmergedBranches.length > 0) {
    lines.push(`Branches kept with unmerged work: ${s.unmergedBranches.join(', ')}`);
  }
  lines.push(RULE);
  const session = relative(cwd, result.sessionDir) || result.sessionDir;
  if (result.stopped) {
    lines.push(`Every worker's commits are kept. Continue with: weft resume ${result.runId}`);
    lines.push(
      `Or give up and remove the branches: git branch -D ${s.integrationBranch} (and the weft/tasks/${result.runId}/* branches)`,
    );
  } else if (result.mergedInto) {
    lines.push(
      result.mergedInto.ok ? `✓ ${result.mergedInto.message}` : `✗ not merged: ${result.mergedInto.message}`,
    );
  } else if (s.merged > 0) {
    lines.push(
      `The result is on ${s.integrationBranch}. To take it: git merge --ff-only ${s.integrationBranch}`,
    );
    lines.push('(or run with --merge-into <branch> to have weft fast-forward it)');
  }
  lines.push(`Session: ${session}`);
  return lines.join('\n');
}

function oneLine(text: string, max = 100): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
