/**
 * After `kill -9` of weft, its agents live on (they run in their own process
 * groups). `weft resume` finds them by their working directory — inside the
 * run's pooled worktrees — and stops them before starting anything.
 */
import { readlinkSync } from 'node:fs';
import { readProcessTable } from '../agents/process-table.js';
import { killProcessGroup } from '../agents/run.js';

export async function stopProcessesUnder(dir: string, graceMs = 2000): Promise<number[]> {
  const table = readProcessTable() ?? [];
  const prefix = `${dir}/`;
  const found = table.filter((p) => {
    if (p.pid === process.pid) return false;
    try {
      const cwd = readlinkSync(`/proc/${p.pid}/cwd`);
      return cwd === dir || cwd.startsWith(prefix);
    } catch {
      return false;
    }
  });
  await Promise.all(found.map((p) => killProcessGroup(p.pid, graceMs)));
  return found.map((p) => p.pid);
}
