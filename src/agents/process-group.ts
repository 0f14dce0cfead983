/**
 * Stopping a detached agent and everything it started: the agent leads its own
 * process group, so signalling `-pid` reaches grandchildren too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_MS = 25;
/** After SIGKILL the kernel needs a moment to tear processes down. */
const AFTER_KILL_WAIT_MS = 2000;

/** Signal a whole process group; false when no member is left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/**
 * Live (non-zombie) members of a process group. On Linux this reads /proc so a
 * zombie nobody has reaped yet does not count as alive; elsewhere it falls back
 * to `kill(-pgid, 0)`, which reports -1 (unknown count) when the group exists.
 */
export function groupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return signalGroup(pgid, 0) ? [-1] : [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') {
      members.push(Number(entry));
    }
  }
  return members;
}

function readStat(pid: string): { state: string; pgrp: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '', pgrp: Number(rest[2]) };
  } catch {
    return undefined;
  }
}

export function isGroupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  // Bounded poll: the kernel offers no event for "a process group emptied".
  while (isGroupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await delay(POLL_MS);
  }
  return true;
}

/**
 * Stop every process in the group led by `pid`: SIGTERM, then SIGKILL if any
 * member is still alive after `graceMs`. Resolves once the group is gone (or,
 * at worst, a bounded wait after SIGKILL). Returns the signal that finished it,
 * or undefined when the group was already gone.
 */
export async function killProcessGroup(pid: number, graceMs = 5000): Promise<NodeJS.Signals | undefined> {
  if (!isGroupAlive(pid)) return undefined;
  if (!signalGroup(pid, 'SIGTERM')) return undefined;
  if (await waitForGroupExit(pid, graceMs)) return 'SIGTERM';
  signalGroup(pid, 'SIGKILL');
  await waitForGroupExit(pid, AFTER_KILL_WAIT_MS);
  return 'SIGKILL';
}
