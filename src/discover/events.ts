/** What happens during a discovery, for observers (the CLI prints progress from these). */
import type { AgentEvent } from '../agents/types.js';
import type { DiscoveryReport } from './report.js';

export type DiscoveryEvent =
  | { type: 'started'; id: string; agent: string; roles: string[]; dir: string }
  | { type: 'role-started'; role: string; attempt: number; refined: boolean }
  /** A tool call or a denied permission of a role's agent. */
  | { type: 'role-activity'; role: string; event: AgentEvent }
  | { type: 'role-finished'; role: string; attempt: number; ok: boolean; reason?: string; durationMs: number }
  | { type: 'retrying'; role: string; reason: string }
  /** Failed roles that are not retried, and why. */
  | { type: 'not-retrying'; roles: string[]; why: string }
  /** Files in the working tree changed while the agents ran. */
  | { type: 'tree-changed'; paths: string[] }
  | { type: 'finished'; report: DiscoveryReport };

export type DiscoveryObserver = (event: DiscoveryEvent) => void;

/** An observer's bug must never break the discovery it observes. */
export function safeDiscoveryObserver(observer: DiscoveryObserver | undefined): DiscoveryObserver {
  return (event) => {
    try {
      observer?.(event);
    } catch {
      // ignored on purpose
    }
  };
}
