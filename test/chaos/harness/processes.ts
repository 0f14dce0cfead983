/**
 * Orphan hunting in the process table: live processes whose working
 * directory is inside a folder, or whose environment carries a marker the
 * harness gave the weft it started (inherited by every agent and child).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  cwd: string;
  command: string;
}

function isZombie(pid: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true;
  }
}

function commandOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 160);
  } catch {
    return '?';
  }
}

/** Live (non-zombie) processes inside `dir` or carrying `marker` (`NAME=value`) in their environment. */
export function strayProcesses(dir: string, marker?: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${name}/cwd`);
    } catch {
      continue;
    }
    let hit = cwd === dir || cwd.startsWith(`${dir}/`);
    if (!hit && marker) {
      try {
        hit = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(marker);
      } catch {}
    }
    if (hit && !isZombie(name)) found.push({ pid: Number(name), cwd, command: commandOf(name) });
  }
  return found;
}

/** SIGKILL what a failed check left behind, so one bad case does not poison the next. */
export function killAll(processes: readonly ProcessInfo[]): void {
  for (const p of processes) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {}
  }
}
