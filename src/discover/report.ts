/** The discovery report: one record per role (and the synthesis), written as JSON and markdown. */
import type { Usage } from '../agents/types.js';

export interface RoleAttempt {
  attempt: number;
  /** The retry ran with seed 002's refined prompt. */
  refined: boolean;
  ok: boolean;
  reason?: string;
  durationMs: number;
  /** Denied tool calls (read-only permissions at work); the attempt may still have succeeded. */
  blocked: string[];
  usage: Usage;
  logFile: string;
}

export type RoleStatus = 'succeeded' | 'failed';

export interface RoleResult {
  role: string;
  focus: string;
  status: RoleStatus;
  /** The role's answer (from the attempt that succeeded); absent when it failed. */
  findings?: string;
  /** Why the last attempt failed. */
  reason?: string;
  attempts: RoleAttempt[];
}

/**
 * `complete`: every role (and the synthesis, when asked) succeeded;
 * `partial`: some did; `failed`: no role did; `interrupted`: stopped by a signal.
 */
export type DiscoveryStatus = 'complete' | 'partial' | 'failed' | 'interrupted';

export interface DiscoveryReport {
  version: 1;
  id: string;
  question: string;
  agent: string;
  /** Where the agents ran. */
  cwd: string;
  status: DiscoveryStatus;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  roles: RoleResult[];
  synthesis?: RoleResult;
  /** Things the reader should know: roles not retried and why, files changed during discovery. */
  notes: string[];
  /** Total over every attempt. */
  usage: Usage;
  files: { json: string; markdown: string };
}

export function sumUsage(all: readonly Usage[]): Usage {
  const total: Usage = {};
  for (const u of all) {
    for (const key of ['inputTokens', 'outputTokens', 'cacheReadTokens', 'costUsd'] as const) {
      const v = u[key];
      if (v !== undefined) total[key] = (total[key] ?? 0) + v;
    }
  }
  return total;
}

export function reportStatus(
  roles: readonly RoleResult[],
  synthesis: RoleResult | undefined,
  interrupted: boolean,
): DiscoveryStatus {
  if (interrupted) return 'interrupted';
  const ok = roles.filter((r) => r.status === 'succeeded').length;
  if (ok === 0) return 'failed';
  if (ok < roles.length || synthesis?.status === 'failed') return 'partial';
  return 'complete';
}
