/** The sessions of a repository with their status, for `weft status`, `weft resume` and the resume offer. */
import { replay } from './replay.js';
import { readRunLock } from './run-lock.js';
import { rebuildRunState } from './run-state.js';
import { listSessionDirs, type Session } from './session.js';

export interface SessionInfo {
  session: Session;
  runId: string;
  taskFile?: string;
  startedAt?: string;
  lastEventAt?: string;
  /**
   * `running`: its weft process holds the run lock. `interrupted`: it stopped
   * without finishing (Ctrl-C, kill -9, a reboot, a critical failure) and can
   * be resumed. `unreadable`: its journal is damaged (see `problem`).
   */
  status: 'running' | 'finished' | 'interrupted' | 'unreadable';
  stopped?: { reason: string; critical: boolean };
  counts?: { total: number; merged: number };
  problem?: string;
}

/** Oldest first. */
export async function listSessions(repoTop: string): Promise<SessionInfo[]> {
  const lock = await readRunLock(repoTop);
  const liveRun = lock?.live ? lock.info.runId : undefined;
  const infos: SessionInfo[] = [];
  for (const session of await listSessionDirs(repoTop)) {
    const base = { session, runId: session.runId };
    try {
      const state = rebuildRunState((await replay(session.paths.events)).events);
      const tasks = Object.values(state.tasks);
      infos.push({
        ...base,
        ...(state.taskFile === undefined ? {} : { taskFile: state.taskFile }),
        ...(state.startedAt === undefined ? {} : { startedAt: state.startedAt }),
        ...(state.lastEventAt === undefined ? {} : { lastEventAt: state.lastEventAt }),
        ...(state.stopped === undefined ? {} : { stopped: state.stopped }),
        status:
          session.runId === liveRun ? 'running' : state.status === 'finished' ? 'finished' : 'interrupted',
        counts: { total: tasks.length, merged: tasks.filter((t) => t.status === 'merged').length },
      });
    } catch (err) {
      infos.push({
        ...base,
        status: 'unreadable',
        problem: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return infos;
}
