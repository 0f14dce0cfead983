/**
 * A view of the process table from /proc (Linux). Agents do not keep all their
 * children in one process group: Claude Code, for one, runs each Bash tool call
 * in a group of its own. To stop an agent completely weft must therefore follow
 * parent links too, and remember what it saw, since orphans lose their parent
 * link the moment the agent exits.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
  /** Start time in clock ticks since boot: tells a live process from a reused pid. */
  startTime: string;
}

function readEntry(pid: number): ProcessEntry | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or ')'.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, state: f[0] ?? '', ppid: Number(f[1]), pgrp: Number(f[2]), startTime: f[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** Every process, or undefined where there is no /proc. */
export function readProcessTable(): ProcessEntry[] | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const entries: ProcessEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readEntry(Number(name));
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

export function isLive(entry: ProcessEntry): boolean {
  return entry.state !== 'Z' && entry.state !== 'X';
}

/** The process as it is now, if it is the same one and still running (not exited, not a reused pid). */
export function currentState(entry: ProcessEntry): ProcessEntry | undefined {
  const now = readEntry(entry.pid);
  return now !== undefined && now.startTime === entry.startTime && isLive(now) ? now : undefined;
}

/** All descendants of `root` by parent links (any process group or session). */
export function descendantsOf(root: number, table: ProcessEntry[]): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of table) {
    const list = children.get(entry.ppid);
    if (list === undefined) children.set(entry.ppid, [entry]);
    else list.push(entry);
  }
  const found: ProcessEntry[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}
