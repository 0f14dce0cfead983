/** What happens to a worker, for observers (the CLI prints some; the orchestrator may journal them). */
import type { AgentEvent } from '../agents/types.js';
import type { WorkerRecord } from './record.js';

export type WorkerEvent =
  /** PARALLEL_MAX_WORKERS reached: waiting for a running worker to end. */
  | { type: 'waiting-for-slot'; running: number; max: number }
  /** Registered and its worktree exists. */
  | { type: 'created'; record: WorkerRecord }
  /** `.env` / `.worktreeinclude` files copied into the worktree. */
  | { type: 'carried-over'; files: string[] }
  | { type: 'setup-output'; line: string }
  | { type: 'setup-finished'; ok: boolean; durationMs: number }
  /** `--no-wait`: the supervisor owns the worker now. */
  | { type: 'supervisor-started'; pid: number }
  | { type: 'agent-started'; pid: number }
  | { type: 'agent'; event: AgentEvent }
  /** A new commit appeared on the worker's branch. */
  | { type: 'commit'; commit: string; subject: string }
  | { type: 'heartbeat'; elapsedMs: number; lastEvent?: string; lastEventAgoMs?: number }
  | { type: 'leftovers-committed'; commit: string }
  | { type: 'plan-file-updated'; file: string }
  /** Terminal: the record holds the outcome. */
  | { type: 'ended'; record: WorkerRecord };

export type WorkerObserver = (event: WorkerEvent) => void;

/** An observer's bug must never break the worker it observes. */
export function safeObserver(observer: WorkerObserver | undefined): WorkerObserver {
  return (event) => {
    try {
      observer?.(event);
    } catch {
      // ignored on purpose
    }
  };
}

/** One line describing an agent event, for the record's `lastEvent` and the CLI. */
export function describeAgentEvent(e: AgentEvent): string | undefined {
  switch (e.type) {
    case 'started':
      return 'agent started';
    case 'message':
      return `message: ${firstLine(e.text)}`;
    case 'tool':
      return `tool ${e.name}${e.input ? `: ${firstLine(e.input)}` : ''}`;
    case 'file':
      return `file ${e.kind ?? 'changed'}: ${e.path}`;
    case 'usage':
      return undefined;
    case 'blocked':
      return `blocked: ${firstLine(e.reason)}`;
    case 'finished':
      return e.ok ? 'agent finished' : `agent failed${e.reason ? `: ${firstLine(e.reason)}` : ''}`;
  }
}

export function firstLine(text: string, max = 100): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
