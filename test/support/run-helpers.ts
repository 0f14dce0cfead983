/** Helpers for `weft run` end-to-end tests: journals, fake-agent plans, process checks. */
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FAKES_DIR = fileURLToPath(new URL('../fakes', import.meta.url));

export interface JournalEvent {
  seq: number;
  type: string;
  taskId?: string;
  [key: string]: unknown;
}

export function sessionDirs(repo: string): string[] {
  const root = join(repo, '.weft', 'sessions');
  try {
    return readdirSync(root)
      .sort()
      .map((d) => join(root, d));
  } catch {
    return [];
  }
}

export function readJournal(sessionDir: string): JournalEvent[] {
  const text = readFileSync(join(sessionDir, 'events.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as JournalEvent];
      } catch {
        return [];
      }
    });
}

export function eventsOf(events: JournalEvent[], type: string, taskId?: string): JournalEvent[] {
  return events.filter((e) => e.type === type && (taskId === undefined || e.taskId === taskId));
}

/** Write a FAKE_AGENT_PLAN file and return the env that points the fakes at it. */
export function fakePlan(_repo: string, plan: Record<string, object[]>): Record<string, string> {
  const path = join(mkdtempSync(join(tmpdir(), 'weft-fake-plan-')), 'fake-plan.json');
  writeFileSync(path, JSON.stringify(plan));
  return { FAKE_AGENT_PLAN: path, PATH: `${FAKES_DIR}:${process.env.PATH ?? ''}` };
}

/** Live processes whose working directory is inside `dir`. */
export function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if ((cwd === dir || cwd.startsWith(`${dir}/`)) && state !== 'Z') found.push(Number(name));
    } catch {}
  }
  return found;
}

/** Resolve when `predicate` holds for the journal, checking on each change of the file. */
export async function waitForJournal(
  sessionParent: string,
  predicate: (events: JournalEvent[]) => boolean,
  timeoutMs = 30_000,
): Promise<JournalEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dir = sessionDirs(sessionParent).at(-1);
    if (dir) {
      const events = readJournal(dir);
      if (predicate(events)) return events;
    }
    if (Date.now() > deadline) throw new Error('timed out waiting for the journal');
    await new Promise((r) => setTimeout(r, 50));
  }
}
