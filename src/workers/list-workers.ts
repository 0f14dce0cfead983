/** `weft status` as a library call: every registered worker, with what git and the process table say now. */
import type { Usage } from '../agents/types.js';
import { git } from '../git/git.js';
import { type RepoPaths, resolveRepo } from '../git/repo-paths.js';
import { livenessOf } from './liveness.js';
import type { WorkerRecord } from './record.js';
import { WorkerRegistry } from './registry.js';
import type { WorkerState } from './state.js';

export interface WorkerStatus {
  id: string;
  branch: string;
  agent: string;
  task: string;
  /** A lost worker (recorded running, owner gone) is reported `failed`. */
  state: WorkerState;
  lost: boolean;
  reason?: string;
  startedAt: string;
  endedAt?: string;
  elapsedMs: number;
  heartbeatAt: string;
  heartbeatAgeMs: number;
  lastEvent?: string;
  /** Commits on the branch since its base; undefined when the branch is gone. */
  commitsAhead?: number;
  usage: Usage;
  port: number;
  worktree: string;
  logFile: string;
  record: WorkerRecord;
}

async function commitsAhead(repo: RepoPaths, record: WorkerRecord): Promise<number | undefined> {
  const r = await git(['rev-list', '--count', `${record.baseCommit}..refs/heads/${record.branch}`, '--'], {
    cwd: repo.top,
    okCodes: [128],
  });
  return r.exitCode === 0 ? Number(r.stdout.trim()) : undefined;
}

export function statusOf(record: WorkerRecord, ahead: number | undefined, now = Date.now()): WorkerStatus {
  const { lost } = livenessOf(record);
  const started = Date.parse(record.startedAt);
  const ended = record.endedAt === undefined ? now : Date.parse(record.endedAt);
  return {
    id: record.id,
    branch: record.branch,
    agent: record.agent,
    task: record.task,
    state: lost ? 'failed' : record.state,
    lost,
    reason: lost ? `lost: the process that owned it (pid ${record.owner.pid}) is gone` : record.reason,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    elapsedMs: Math.max(0, ended - started),
    heartbeatAt: record.heartbeatAt,
    heartbeatAgeMs: Math.max(0, now - Date.parse(record.heartbeatAt)),
    lastEvent: record.lastEvent,
    commitsAhead: ahead,
    usage: record.usage,
    port: record.port,
    worktree: record.worktree,
    logFile: record.logFile,
    record,
  };
}

export async function listWorkers(cwd: string): Promise<WorkerStatus[]> {
  const repo = await resolveRepo(cwd);
  const records = await new WorkerRegistry(repo).list();
  const ahead = await Promise.all(records.map((r) => commitsAhead(repo, r)));
  const now = Date.now();
  return records.map((r, i) => statusOf(r, ahead[i], now));
}
