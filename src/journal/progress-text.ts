/** progress.txt: seed 003's status block, rendered from the run state. */
import { assertNever } from '../run/task-state.js';
import type { RunState, TaskSnapshot } from './run-state.js';

const RULE = '═'.repeat(59);

function taskLine(t: TaskSnapshot, state: RunState): string {
  const head = `${t.id}: ${t.title}`;
  switch (t.status) {
    case 'merged':
      return `✓ ${head}`;
    case 'running':
      return `⚡ ${t.id}: Running on ${t.workerId ?? '?'}${t.attempts > 1 ? ` (attempt ${t.attempts})` : ''}`;
    case 'finished':
      return `◆ ${t.id}: Finished by ${t.workerId ?? '?'}, merging`;
    case 'ready':
      return `⏳ ${t.id}: Ready`;
    case 'pending': {
      const waiting = t.dependsOn.filter((d) => state.tasks[d]?.status !== 'merged');
      return `⏳ ${t.id}: Pending${waiting.length ? ` (depends on ${waiting.join(', ')})` : ''}`;
    }
    case 'failed':
      return `↻ ${t.id}: Retrying (attempt ${t.attempts} failed: ${oneLine(t.lastError)})`;
    case 'skipped':
      return `✗ ${t.id}: Skipped (${oneLine(t.skipReason)})`;
    case 'conflicted':
      return `⚠ ${t.id}: Conflicts in ${(t.conflictFiles ?? []).join(', ')} (branch ${t.branch ?? '?'} kept)`;
    default:
      return assertNever(t.status);
  }
}

function oneLine(text: string | undefined, max = 80): string {
  const s = (text ?? 'unknown').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function countLine(label: string, tasks: TaskSnapshot[]): string {
  const n = (...kinds: TaskSnapshot['status'][]): number =>
    tasks.filter((t) => kinds.includes(t.status)).length;
  return (
    `${label}: ${n('merged')} completed | ${n('running', 'finished')} running | ` +
    `${n('pending', 'ready', 'failed')} pending | ${n('skipped', 'conflicted')} failed`
  );
}

/** Tasks worth a line in a shortened block: the ones in motion or in trouble. */
const IN_MOTION: ReadonlySet<TaskSnapshot['status']> = new Set([
  'running',
  'finished',
  'failed',
  'conflicted',
]);

/**
 * Seed 003's status block. `taskLines`: past that many tasks, only those in
 * motion or in trouble get a line, and one line counts the rest (the terminal's
 * periodic block for a large plan; progress.txt always lists every task).
 */
export function renderProgress(
  state: RunState,
  now: Date = new Date(),
  options: { taskLines?: number } = {},
): string {
  const tasks = Object.values(state.tasks);
  const lines = [RULE, `ORCHESTRATION STATUS — run ${state.runId ?? '?'} (${state.status})`, RULE];
  const limit = options.taskLines ?? Number.POSITIVE_INFINITY;
  const shown = tasks.length <= limit ? tasks : tasks.filter((t) => IN_MOTION.has(t.status)).slice(0, limit);
  for (const t of shown) lines.push(taskLine(t, state));
  if (shown.length < tasks.length) {
    const where = state.runId ? ` in .weft/sessions/${state.runId}/progress.txt` : ' in progress.txt';
    lines.push(`… ${tasks.length - shown.length} more tasks (counts below; every task is listed${where})`);
  }
  lines.push(RULE);
  for (const g of state.plan?.groups ?? []) {
    lines.push(
      countLine(
        `Group ${g.id}`,
        g.taskIds.flatMap((id) => state.tasks[id] ?? []),
      ),
    );
  }
  lines.push(countLine('Tasks', tasks));
  const active = tasks.filter((t) => t.status === 'running').length;
  const total = state.workerCount ?? active;
  lines.push(`Workers: ${active} active | ${Math.max(0, total - active)} available`);
  const started = state.startedAt ? Date.parse(state.startedAt) : now.getTime();
  lines.push(`Time elapsed: ${formatElapsed(now.getTime() - started)}`);
  if (state.stopped) lines.push(`Stopped: ${state.stopped.reason}`);
  lines.push(RULE);
  return `${lines.join('\n')}\n`;
}
