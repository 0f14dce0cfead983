/** What `weft run` / `run()` take, and the defaults weft fills in. */
import type { RunEvent } from './events.js';

export interface RunObserver {
  /** Every run event, after it is durable in the journal. */
  onEvent?(event: RunEvent): void;
  /** Live agent activity (not journaled): a short line per notable agent event. */
  onActivity?(activity: WorkerActivity): void;
}

export interface WorkerActivity {
  workerId: string;
  taskId: string;
  kind: 'message' | 'tool' | 'file' | 'blocked' | 'usage';
  text: string;
  time: number;
}

export interface RunOptions {
  /** Any directory inside the repository. */
  cwd: string;
  /** Path of the task file (relative to cwd). */
  taskFile: string;
  workers?: number;
  /** Cap from PARALLEL_MAX_WORKERS. */
  maxWorkers?: number;
  /** Default agent for tasks that name none (else front matter, config, then `shell`). */
  agent?: string;
  /** Base branch or commit (else front matter `base`, else the current branch). */
  base?: string;
  /** Test gate run after each merge (else front matter `validate`). */
  validate?: string;
  timeoutMs?: number;
  hangTimeoutMs?: number;
  maxAttempts?: number;
  /** Fast-forward this branch to the integration branch at the end (`--merge-into`). */
  mergeInto?: string;
  /** Allowed tools for agents that take an allow-list. */
  tools?: string[];
  /** Keep the pooled worktrees (`.trees/weft/pool/`) for the next run (default true). */
  pool?: boolean;
  killGraceMs?: number;
  /** Extra environment for agents. */
  env?: Record<string, string>;
  observers?: RunObserver[];
  /** Stops the run as an interrupt would (agents stopped, work committed, resumable). */
  signal?: AbortSignal;
  /** Benchmarks only: compare with FIFO order or seed 003's group barriers. */
  scheduling?: 'critical-path' | 'fifo' | 'groups';
}

export interface ResumeOptions {
  cwd: string;
  /** Session to resume; default: the newest interrupted one. */
  runId?: string;
  workers?: number;
  maxWorkers?: number;
  agent?: string;
  timeoutMs?: number;
  hangTimeoutMs?: number;
  mergeInto?: string;
  tools?: string[];
  pool?: boolean;
  killGraceMs?: number;
  env?: Record<string, string>;
  observers?: RunObserver[];
  signal?: AbortSignal;
}

export const DEFAULTS = {
  timeoutMs: 30 * 60_000,
  hangTimeoutMs: 10 * 60_000,
  maxAttempts: 3,
  validateTimeoutMs: 15 * 60_000,
  killGraceMs: 5000,
} as const;

export function integrationBranchName(runId: string): string {
  return `weft/${runId}`;
}

/** Each attempt gets its own branch, so no attempt's commits are ever overwritten. */
export function taskBranchName(runId: string, taskId: string, attempt: number): string {
  return `weft/tasks/${runId}/${taskId}${attempt > 1 ? `-attempt${attempt}` : ''}`;
}
