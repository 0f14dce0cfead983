/**
 * Reading a record without trusting it: a worker recorded as running whose
 * owner process is gone was lost (its owner was killed, the machine rebooted).
 */

import { isGroupAlive } from '../agents/process-group.js';
import { isPidAlive, isProcessAlive } from './process-identity.js';
import type { WorkerRecord } from './record.js';

export interface Liveness {
  /** The owner (spawn --wait process or supervisor) is alive. */
  ownerAlive: boolean;
  /** Some process of the agent's group is alive. */
  agentAlive: boolean;
  /** Recorded as running, but nobody owns it any more. */
  lost: boolean;
}

export function livenessOf(record: WorkerRecord): Liveness {
  if (record.state !== 'running') {
    const agentAlive = record.agentProcess !== undefined && isAgentGroupAlive(record);
    return { ownerAlive: false, agentAlive, lost: false };
  }
  const ownerAlive = isProcessAlive(record.owner);
  const agentAlive = isAgentGroupAlive(record);
  return { ownerAlive, agentAlive, lost: !ownerAlive };
}

function isAgentGroupAlive(record: WorkerRecord): boolean {
  const agent = record.agentProcess;
  if (agent === undefined) return false;
  // The kernel does not reuse a pid while a group of that id has members, so a live
  // process with this pid is either our leader (same start time) or proves the group is gone.
  if (isPidAlive(agent.pid)) return isProcessAlive(agent);
  return isGroupAlive(agent.pid);
}

/** Counts against PARALLEL_MAX_WORKERS: running and owned by a live process. */
export function isActive(record: WorkerRecord): boolean {
  return record.state === 'running' && isProcessAlive(record.owner);
}
