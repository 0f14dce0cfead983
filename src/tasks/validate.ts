/** Checks across tasks (ids, dependencies, instructions) and the final Task objects. */
import type { DiagnosticList } from './diagnostics.js';
import { finishDraft, type TaskDraft } from './draft.js';
import type { Task, TaskDependency } from './types.js';

/**
 * Turns drafts into tasks, reporting duplicate ids, unknown and self dependencies and
 * tasks without instructions. Returns what can be used: a duplicated id keeps its first
 * task, and reported dependencies are dropped so later checks (cycles) can still run.
 */
export function finishTasks(drafts: TaskDraft[], diags: DiagnosticList): Task[] {
  const byId = new Map<string, TaskDraft>();
  const kept: boolean[] = new Array(drafts.length);
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i] as TaskDraft;
    const first = byId.get(d.id);
    kept[i] = first === undefined;
    if (first === undefined) byId.set(d.id, d);
    else diags.add(d.idPos, 'duplicate-id', `task id ${d.id} is already used on line ${first.idPos.line}`);
  }
  const tasks: Task[] = [];
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i] as TaskDraft;
    const deps = checkDependencies(d, byId, diags);
    const instructions = instructionsFor(d, diags);
    if (!kept[i]) continue;
    d.dependsOn = deps;
    tasks.push(finishDraft(d, instructions));
  }
  return tasks;
}

function checkDependencies(
  d: TaskDraft,
  byId: Map<string, TaskDraft>,
  diags: DiagnosticList,
): TaskDependency[] {
  const deps = d.dependsOn;
  // The kept dependencies; a copy is made only once one is dropped (most lists keep all).
  let out: TaskDependency[] | undefined;
  // Dependency lists are short, and big ones (a long [P] run) rarely repeat: a Set only when needed.
  const seen = deps.length > 16 ? new Set<string>() : undefined;
  for (let i = 0; i < deps.length; i++) {
    const dep = deps[i] as TaskDependency;
    let keep = false;
    if (seen !== undefined ? seen.has(dep.id) : repeats(deps, i)) {
      // A repeat is dropped silently.
    } else if (dep.id === d.id) {
      diags.add(dep.position, 'self-dependency', `task ${d.id} depends on itself`);
    } else if (!byId.has(dep.id)) {
      diags.add(
        dep.position,
        'unknown-dependency',
        `task ${d.id} depends on ${dep.id}, which is not defined`,
      );
    } else {
      keep = true;
    }
    seen?.add(dep.id);
    if (keep) out?.push(dep);
    else out ??= deps.slice(0, i);
  }
  return out ?? deps;
}

function repeats(deps: TaskDependency[], i: number): boolean {
  const id = (deps[i] as TaskDependency).id;
  for (let j = 0; j < i; j++) if ((deps[j] as TaskDependency).id === id) return true;
  return false;
}

function instructionsFor(d: TaskDraft, diags: DiagnosticList): string {
  const prose = d.prose.toString();
  if (d.form === 'checklist') {
    if (d.title === '') diags.add(d.position, 'no-instructions', `checklist item ${d.id} has no description`);
    return prose;
  }
  if (prose === '' && d.script === undefined) {
    diags.add(
      d.position,
      'no-instructions',
      `task ${d.id} has no instructions: write what to do under its heading, or a \`\`\`sh block to run`,
    );
  }
  if (d.title === '') d.title = firstLine(prose) || d.id;
  return prose === '' ? d.title : prose;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]?.trim() ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
