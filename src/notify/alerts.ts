/**
 * Which moments of a run deserve a person's attention, and what to tell them:
 * a worker that is blocked (permission denied, waiting for input), the end of
 * a run, and a stop. Pure: the notifier decides how to deliver.
 */
import type { RunEvent } from '../run/events.js';
import type { WorkerActivity } from '../run/options.js';

export interface Alert {
  /** Short heading of a desktop notification. */
  title: string;
  body: string;
  urgency: 'normal' | 'critical';
  /** Worth a desktop notification (an interrupt the user made is only passed to the hook). */
  desktop: boolean;
  /** What the `--on-event` hook receives on stdin, as JSON. */
  payload: { type: string; time: string; runId?: string } & Record<string, unknown>;
}

/** The blocked-worker payload: not a journal event, so it gets a type of its own. */
export interface WorkerBlockedPayload {
  type: 'worker.blocked';
  time: string;
  runId?: string;
  workerId: string;
  taskId: string;
  reason: string;
}

export function alertForEvent(e: RunEvent, runId: string | undefined): Alert | undefined {
  const payload = { ...e, ...(runId === undefined ? {} : { runId }) };
  switch (e.type) {
    case 'run.finished': {
      const s = e.summary;
      const problems = s.failed + s.skipped + s.conflicted;
      return {
        title: problems === 0 ? 'weft: run finished' : 'weft: run finished with problems',
        body:
          `${s.merged} of ${s.total} tasks merged` +
          (problems === 0
            ? ''
            : ` · ${s.failed} failed · ${s.skipped} skipped · ${s.conflicted} conflicted`) +
          ` · result on ${s.integrationBranch}`,
        urgency: problems === 0 ? 'normal' : 'critical',
        desktop: true,
        payload,
      };
    }
    case 'run.stopped':
      return {
        title: e.critical ? 'weft: run stopped (critical failure)' : 'weft: run interrupted',
        body: `${e.reason}${runId ? ` · resume with: weft resume ${runId}` : ''}`,
        urgency: e.critical ? 'critical' : 'normal',
        desktop: e.critical,
        payload,
      };
    default:
      return undefined;
  }
}

export function alertForActivity(a: WorkerActivity, runId: string | undefined): Alert | undefined {
  if (a.kind !== 'blocked') return undefined;
  const payload: WorkerBlockedPayload = {
    type: 'worker.blocked',
    time: new Date(a.time).toISOString(),
    ...(runId === undefined ? {} : { runId }),
    workerId: a.workerId,
    taskId: a.taskId,
    reason: a.text,
  };
  return {
    title: `weft: ${a.workerId} needs you`,
    body: `${a.taskId}: ${a.text}`,
    urgency: 'critical',
    desktop: true,
    payload: { ...payload },
  };
}
