/**
 * Stopping an agent and everything it started. The agent leads its own
 * process group, so `kill(-pid)` reaches most of its children; descendants
 * that moved to groups of their own (found by parent links, or remembered by
 * a ProcessTreeWatch while the agent ran) are signalled by their groups too.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { currentState, descendantsOf, isLive, type ProcessEntry, readProcessTable } from './process-table.js';

const POLL_MS = 25;
/** After SIGKILL the kernel needs a moment to tear processes down. */
const AFTER_KILL_WAIT_MS = 2000;

/** Signal a whole process group; false when no member is left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESRCH' || code === 'EPERM') return false;
    throw e;
  }
}

/** Live (non-zombie) pids in a process group; [-1] when only "some" is known (no /proc). */
export function groupMembers(pgid: number): number[] {
  const table = readProcessTable();
  if (table === undefined) return signalGroup(pgid, 0) ? [-1] : [];
  return table.filter((e) => e.pgrp === pgid && isLive(e)).map((e) => e.pid);
}

export function isGroupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

/** The groups still holding a live member of the agent's tree. */
function liveGroups(leader: number, known: Map<number, ProcessEntry>): Set<number> {
  // The usual end: the group is empty and nothing outside it was seen. `kill(-pgid, 0)` says so
  // without reading the whole process table.
  if (known.size === 0 && !signalGroup(leader, 0)) return new Set();
  const table = readProcessTable();
  if (table === undefined) return signalGroup(leader, 0) ? new Set([leader]) : new Set();
  // While the leader lives, pick up children it started since the last look.
  for (const entry of descendantsOf(leader, table)) if (!known.has(entry.pid)) known.set(entry.pid, entry);
  const groups = new Set<number>();
  for (const entry of table) if (entry.pgrp === leader && isLive(entry)) groups.add(leader);
  for (const entry of known.values()) {
    const now = currentState(entry);
    if (now !== undefined) groups.add(now.pgrp);
  }
  return groups;
}

function signalAll(groups: Set<number>, signal: NodeJS.Signals): void {
  for (const pgid of groups) signalGroup(pgid, signal);
}

async function waitForNone(
  leader: number,
  known: Map<number, ProcessEntry>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  // Bounded poll: the kernel offers no event for "these processes are gone".
  while (liveGroups(leader, known).size > 0) {
    if (Date.now() >= deadline) return false;
    await delay(POLL_MS);
  }
  return true;
}

/**
 * Stop the process group led by `pid` and the agent's other descendants
 * (`known` adds ones seen earlier): SIGTERM, then SIGKILL whatever is still
 * alive after `graceMs`. Resolves once all are gone (at worst a bounded wait
 * after SIGKILL) with the signal that finished them, or undefined when
 * nothing was left to stop.
 */
export async function killProcessGroup(
  pid: number,
  graceMs = 5000,
  known: Iterable<ProcessEntry> = [],
): Promise<NodeJS.Signals | undefined> {
  const tracked = new Map<number, ProcessEntry>();
  for (const entry of known) tracked.set(entry.pid, entry);
  const groups = liveGroups(pid, tracked);
  if (groups.size === 0) return undefined;
  signalAll(groups, 'SIGTERM');
  if (await waitForNone(pid, tracked, graceMs)) return 'SIGTERM';
  signalAll(liveGroups(pid, tracked), 'SIGKILL');
  await waitForNone(pid, tracked, AFTER_KILL_WAIT_MS);
  return 'SIGKILL';
}
