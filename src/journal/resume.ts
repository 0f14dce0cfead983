/**
 * Resume rules: what each task's last known state in the journal means for
 * the scheduler of the resumed run.
 * - merged stays merged: its branch is never merged again;
 * - finished (branch complete, not integrated) is integrated without re-running
 *   the agent; if weft died after moving the integration ref but before writing
 *   task.merged, integrating finds the branch already merged ('up-to-date');
 * - running when weft stopped starts again; the cut-short attempt does not
 *   count against the task's attempts, and its branch is kept;
 * - failed (awaiting retry) is retried with its attempts and previous error;
 * - skipped and conflicted stay so (a conflicted branch is kept and listed).
 */
import type { ResumedTask } from '../run/scheduler-types.js';
import { assertNever } from '../run/task-state.js';
import type { RunState } from './run-state.js';

export interface ResumePlan {
  /** Scheduler input (`SchedulerOptions.resume`). */
  tasks: Map<string, ResumedTask>;
  /** Were running when the run stopped; start again. */
  requeued: string[];
  /** Finished branches integrated without re-running their agent. */
  reused: string[];
}

export function planResume(state: RunState): ResumePlan {
  const tasks = new Map<string, ResumedTask>();
  const requeued: string[] = [];
  const reused: string[] = [];
  for (const t of Object.values(state.tasks)) {
    const failedOn = [...t.failedOn];
    switch (t.status) {
      case 'pending':
      case 'ready':
        if (t.attempts > 0) tasks.set(t.id, { kind: 'retry', attempts: t.attempts, failedOn });
        break;
      case 'running':
        requeued.push(t.id);
        tasks.set(t.id, {
          kind: 'retry',
          attempts: Math.max(0, t.attempts - 1),
          failedOn,
          ...(t.lastError === undefined ? {} : { reason: t.lastError }),
        });
        break;
      case 'failed':
        tasks.set(t.id, {
          kind: 'retry',
          attempts: t.attempts,
          failedOn,
          ...(t.lastError === undefined ? {} : { reason: t.lastError }),
        });
        break;
      case 'finished':
        reused.push(t.id);
        tasks.set(t.id, {
          kind: 'finished',
          workerId: t.workerId ?? 'worker-1',
          attempts: t.attempts,
          failedOn,
        });
        break;
      case 'merged':
        tasks.set(t.id, { kind: 'merged' });
        break;
      case 'skipped':
        tasks.set(t.id, { kind: 'skipped', reason: t.skipReason ?? 'skipped' });
        break;
      case 'conflicted':
        tasks.set(t.id, { kind: 'conflicted', files: t.conflictFiles ?? [], attempts: t.attempts });
        break;
      default:
        assertNever(t.status);
    }
  }
  return { tasks, requeued, reused };
}
