/** One line per run event, in seed 003's wording. */

import type { RunEvent } from '../run/events.js';
import { assertNever } from '../run/task-state.js';
import { formatDuration } from '../util/duration.js';

const short = (sha: string): string => sha.slice(0, 8);

function oneLine(text: string, max = 160): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The line for an event, or undefined for events that are not shown one by one. */
export function eventLine(e: RunEvent): string | undefined {
  switch (e.type) {
    case 'run.started':
      return [
        `weft run ${e.runId}: ${e.plan.tasks.filter((t) => !t.done).length} tasks, ${e.workers} workers, agent ${e.agent ?? 'shell'}; integrating into ${e.integrationBranch} from ${e.base}`,
        ...(e.warnings ?? []).map((w) => `⚠ ${w}`),
      ].join('\n');
    case 'run.resumed':
      return `weft resume: ${e.requeued.length} task(s) restarted${e.requeued.length ? ` (${e.requeued.join(', ')})` : ''}, ${e.reused.length} finished branch(es) reused`;
    case 'task.ready':
    case 'task.output':
      return undefined;
    case 'task.started':
      return `⚡ ${e.taskId} started by ${e.workerId}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`;
    case 'task.finished':
      return `✓ ${e.taskId} completed by ${e.workerId} in ${formatDuration(e.durationMs)}`;
    case 'task.failed':
      return `✗ ${e.taskId} failed: ${oneLine(e.reason)}${e.willRetry ? ' — retrying' : ''}`;
    case 'task.skipped':
      return `⊘ ${e.taskId} skipped: ${oneLine(e.reason)}`;
    case 'task.merged':
      return `⇒ ${e.taskId} merged (${short(e.integrationCommit)})`;
    case 'task.conflict':
      return `⚔ ${e.taskId} conflicts with the integration branch in ${e.files.join(', ')}${e.willRetry ? ' — re-running it on top of the current integration branch' : `; branch ${e.branch ?? ''} kept unmerged`}`;
    case 'conflict.predicted':
      return `⚠️ conflict ahead: ${e.a} and ${e.b} both change ${e.files.join(', ')}`;
    case 'lock.waiting':
      return `⏳ ${e.taskId} is waiting for ${e.path}, locked by ${e.holder}`;
    case 'worker.replaced':
      return `⚠️ ${e.workerId} replaced${e.taskId ? `, ${e.taskId} re-queued` : ''} (${oneLine(e.reason, 80)})`;
    case 'validation.passed':
      return `  validation passed: ${e.command} (${formatDuration(e.durationMs)})`;
    case 'validation.failed':
      return `✗ validation failed${e.taskId ? ` after merging ${e.taskId}` : ''}: ${e.command} (exit ${e.exitCode ?? '?'})${e.outputTail ? `\n    ${e.outputTail.split('\n').slice(-5).join('\n    ')}` : ''}`;
    case 'merge.reverted':
      return `↩ ${e.taskId} reverted on the integration branch (${oneLine(e.reason, 80)})`;
    case 'run.stopped':
      return `■ run stopped: ${e.reason}`;
    case 'run.finished':
      return undefined;
    default:
      return assertNever(e);
  }
}
