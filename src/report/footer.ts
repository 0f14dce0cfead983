/** The live footer in a terminal: one line per worker, then the counts. */

import { formatElapsed } from '../journal/progress-text.js';
import type { RunState } from '../journal/run-state.js';
import type { WorkerActivity } from '../run/options.js';

export function renderFooter(
  state: RunState,
  activity: ReadonlyMap<string, WorkerActivity>,
  now: number,
): string {
  const tasks = Object.values(state.tasks);
  const lines: string[] = ['─'.repeat(60)];
  const running = tasks.filter((t) => t.status === 'running');
  for (const t of running) {
    const a = t.workerId ? activity.get(t.workerId) : undefined;
    const what = a ? ` · ${a.kind}: ${a.text.replace(/\s+/g, ' ').slice(0, 60)}` : '';
    lines.push(`  ${t.workerId ?? '?'}  ⚡ ${t.id} ${t.title.slice(0, 40)}${what}`);
  }
  const n = (k: string): number => tasks.filter((t) => t.status === k).length;
  const started = state.startedAt ? Date.parse(state.startedAt) : now;
  lines.push(
    `  ${n('merged')} merged · ${running.length} running · ${n('pending') + n('ready') + n('failed')} waiting · ${n('skipped') + n('conflicted')} failed/skipped · ${formatElapsed(now - started)}`,
  );
  return lines.join('\n');
}
