/**
 * When the agent has ended, however it ended: commit what it left, record the
 * outcome, report to the parent's plan file. Each step runs even if an earlier
 * one failed; a failure is noted in the record's reason, never thrown past
 * the record write.
 */
import type { AgentOutcome } from '../agents/types.js';
import type { RepoPaths } from '../git/repo-paths.js';
import type { BranchCommit, BranchCommits } from './branch-commits.js';
import { firstLine, type WorkerObserver } from './events.js';
import type { LaunchSpec } from './launch-spec.js';
import { branchHead, commitLeftovers, currentBranch } from './leftovers.js';
import type { LiveRecord } from './live-record.js';
import { updatePlanFile } from './plan-file.js';
import type { WorkerRecord } from './record.js';
import { assertCanEnd, stateForOutcome } from './state.js';

function leftoverMessage(record: WorkerRecord): string {
  return [
    `weft: ${firstLine(record.task, 60)} (uncommitted work)`,
    '',
    `Work the ${record.agent} agent left uncommitted in worker ${record.id}, committed by weft so nothing is lost.`,
  ].join('\n');
}

async function saveLeftovers(
  record: WorkerRecord,
  spec: LaunchSpec,
): Promise<{ committed: boolean; problem?: string }> {
  try {
    const on = await currentBranch(record.worktree);
    if (on !== record.branch) {
      return {
        committed: false,
        problem: `the worktree is no longer on ${record.branch} (${on ?? 'detached HEAD'}): uncommitted work left in place`,
      };
    }
    return { committed: await commitLeftovers(record.worktree, leftoverMessage(record), spec.weftFiles) };
  } catch (err) {
    return { committed: false, problem: `could not commit the uncommitted work: ${(err as Error).message}` };
  }
}

export async function finishWorker(
  repo: RepoPaths,
  live: LiveRecord,
  spec: LaunchSpec,
  outcome: AgentOutcome,
  commits: BranchCommits,
  emit: WorkerObserver,
): Promise<WorkerRecord> {
  const record = live.record;
  const ended = stateForOutcome(outcome);
  assertCanEnd(record.state, ended.state);
  // Commits the agent made just before it ended may not have been reported yet.
  // The branch head (a file read) tells whether there are any to look for.
  const unreported = (await branchHead(repo, record.branch)) !== commits.head;
  const saved = await saveLeftovers(record, spec);
  const leftoverCommit = saved.committed ? await branchHead(repo, record.branch) : undefined;
  const found: BranchCommit[] = [];
  commits.onCommit = (c) => found.push(c);
  // Read them while the outcome is being recorded.
  const scanning = unreported ? commits.check() : Promise.resolve();
  const reason = [ended.reason, saved.problem].filter((r) => r !== undefined).join('; ') || undefined;
  await live.update(
    {
      state: ended.state,
      reason,
      endedAt: new Date().toISOString(),
      heartbeatAt: new Date().toISOString(),
      usage: outcome.usage,
      finalMessage: outcome.finalMessage,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      leftoverCommit,
    },
    true,
  );
  await live.close();
  await scanning;
  for (const c of found) if (c.commit !== leftoverCommit) emit({ type: 'commit', ...c });
  if (leftoverCommit !== undefined) emit({ type: 'leftovers-committed', commit: leftoverCommit });
  const final = live.record;
  if (final.parentBranch !== undefined) {
    const summary =
      final.state === 'done'
        ? firstLine(final.finalMessage ?? final.task, 120)
        : `${final.state}${final.reason ? ` — ${firstLine(final.reason, 100)}` : ''}`;
    const doneSteps = final.state === 'done' ? spec.doneSteps : [];
    const updated = await updatePlanFile(repo, final.parentBranch, {
      branch: final.branch,
      summary,
      doneSteps,
    }).catch(() => false);
    if (updated) emit({ type: 'plan-file-updated', file: `.claude/plans/${final.parentBranch}/plan.md` });
  }
  emit({ type: 'ended', record: final });
  return final;
}
