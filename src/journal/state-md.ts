/** state.md: seed 002's state file — each phase, each task's result, the files identified. */
import { assertNever } from '../run/task-state.js';
import type { RunState, TaskSnapshot } from './run-state.js';

function result(t: TaskSnapshot): string {
  const short = (c?: string): string => (c ? ` (${c.slice(0, 10)})` : '');
  switch (t.status) {
    case 'merged':
      return `✅ Merged${short(t.integrationCommit)}`;
    case 'finished':
      return `⏳ Finished${short(t.commit)}, waiting to merge`;
    case 'running':
      return `⏳ Running on ${t.workerId ?? '?'} (attempt ${t.attempts})`;
    case 'ready':
      return '⏳ Ready';
    case 'pending':
      return '⏳ Pending';
    case 'failed':
      return `🔁 Retrying after: ${t.lastError ?? 'failure'}`;
    case 'skipped':
      return `❌ Skipped: ${t.skipReason ?? ''}`;
    case 'conflicted':
      return `❌ Conflicts in ${(t.conflictFiles ?? []).join(', ')}; branch ${t.branch ?? '?'} kept`;
    default:
      return assertNever(t.status);
  }
}

function phaseStatus(tasks: TaskSnapshot[]): string {
  const ended = (t: TaskSnapshot): boolean => ['merged', 'skipped', 'conflicted'].includes(t.status);
  if (tasks.every((t) => t.status === 'merged')) return '✅ Complete';
  if (tasks.every(ended)) return tasks.some((t) => t.status === 'merged') ? '⚠️ Partial' : '❌ Failed';
  if (tasks.some((t) => t.status !== 'pending' && t.status !== 'ready')) return '⏳ In progress';
  return '⏳ Not started';
}

function phase(title: string, tasks: TaskSnapshot[]): string[] {
  const merged = tasks.filter((t) => t.status === 'merged').length;
  const lost = tasks.filter((t) => t.status === 'skipped' || t.status === 'conflicted').length;
  const files = [...new Set(tasks.flatMap((t) => (t.changedFiles.length ? t.changedFiles : t.files)))].sort();
  return [
    `### ${title}${tasks.length > 1 ? ' (Parallel)' : ''}`,
    `- **Status**: ${phaseStatus(tasks)}`,
    `- **Parallel Tasks**:`,
    ...tasks.map((t, i) => `  ${i + 1}. ${t.id} (${t.title}) → ${result(t)}`),
    `- **Result Summary**: ${merged} of ${tasks.length} merged${lost ? `; ${lost} failed or skipped` : ''}.`,
    `- **Files Identified**: ${files.length ? files.join(', ') : '(none yet)'}`,
    '',
  ];
}

export function renderStateMd(state: RunState): string {
  const tasks = Object.values(state.tasks);
  const lines = [
    `# weft run ${state.runId ?? '?'}`,
    '',
    `- **Task file**: ${state.taskFile ?? '?'}`,
    `- **Base**: ${state.base ?? '?'}${state.baseCommit ? ` (${state.baseCommit.slice(0, 10)})` : ''}`,
    `- **Integration branch**: ${state.integrationBranch ?? '?'}` +
      (state.integrationHead ? ` at ${state.integrationHead.slice(0, 10)}` : ''),
    `- **Status**: ${state.status}${state.stopped ? ` — ${state.stopped.reason}` : ''}`,
    `- **Started**: ${state.startedAt ?? '?'}; last event ${state.lastEventAt ?? '?'} (seq ${state.lastSeq})`,
    '',
  ];
  const groups = state.plan?.groups?.length
    ? state.plan.groups
    : [{ id: 'all', taskIds: Object.keys(state.tasks) }];
  const placed = new Set<string>();
  groups.forEach((g, i) => {
    const members = g.taskIds.flatMap((id) => state.tasks[id] ?? []);
    for (const t of members) placed.add(t.id);
    lines.push(...phase(`Phase ${i + 1}: ${g.id === 'all' ? 'Tasks' : `Group ${g.id}`}`, members));
  });
  const rest = tasks.filter((t) => !placed.has(t.id));
  if (rest.length) lines.push(...phase('Other tasks', rest));
  const notes = [...state.notes];
  if (state.validations.failed) notes.push(`validation failed ${state.validations.failed} time(s)`);
  const replaced = Object.values(state.workers).filter((w) => w.replaced > 0);
  for (const w of replaced) notes.push(`${w.id} replaced ${w.replaced} time(s)`);
  if (notes.length) lines.push('## Notes', '', ...notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}
