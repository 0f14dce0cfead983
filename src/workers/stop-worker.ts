/**
 * Stopping a running worker from another process (`cleanup --force`): ask
 * its owner (spawn --wait or the supervisor) with SIGTERM, which stops the
 * agent's process group, commits its work and records `stopped`; then make
 * sure no process of the agent's group is left, whatever the owner did.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { killProcessGroup } from '../agents/run.js';
import { livenessOf } from './liveness.js';
import { isProcessAlive } from './process-identity.js';
import type { WorkerRecord } from './record.js';
import type { WorkerRegistry } from './registry.js';

/** Slack on top of the agent's kill grace for the owner to commit and record. */
const OWNER_FINISH_MS = 15_000;
const POLL_MS = 50;

export async function stopWorker(
  registry: WorkerRegistry,
  record: WorkerRecord,
  killGraceMs = 5000,
): Promise<WorkerRecord> {
  const owner = record.owner;
  if (record.state === 'running' && owner.pid !== process.pid && isProcessAlive(owner)) {
    try {
      process.kill(owner.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    // Bounded poll: the owner's exit is not an event another process can wait on.
    const deadline = Date.now() + killGraceMs + OWNER_FINISH_MS;
    while (isProcessAlive(owner) && Date.now() < deadline) await delay(POLL_MS);
    if (isProcessAlive(owner)) {
      try {
        process.kill(owner.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  const latest = (await registry.read(record.id)) ?? record;
  if (latest.agentProcess !== undefined && livenessOf(latest).agentAlive) {
    await killProcessGroup(latest.agentProcess.pid, killGraceMs);
  }
  return latest;
}
