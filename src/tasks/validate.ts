/** Checks across tasks (ids, dependencies, instructions) and the final Task objects. */
import type { DiagnosticList } from './diagnostics.js';
import { finishDraft, type TaskDraft } from './draft.js';
import type { Task, TaskDependency } from './types.js';

/**
 * The drafts in file order, indexed by id as they are read. Work that needs a draft's
 * fields is done here while they are fresh in memory: going over 10,000 drafts again
 * at the end cost more than reading them.
 */
export class DraftList {
  readonly drafts: TaskDraft[] = [];
  readonly byId = new Map<string, TaskDraft>();
  /** False for a draft whose id was taken: it is checked but not returned. */
  readonly kept: boolean[] = [];

  constructor(private readonly diags: DiagnosticList) {}

  get length(): number {
    return this.drafts.length;
  }

  /** Adds a draft; a duplicated id is reported now, and the first task keeps it. */
  add(d: TaskDraft): void {
    const first = this.byId.get(d.id);
    this.drafts.push(d);
    this.kept.push(first === undefined);
    if (first === undefined) this.byId.set(d.id, d);
    else
      this.diags.add(d.idPos, 'duplicate-id', `task id ${d.id} is already used on line ${first.idPos.line}`);
  }

  /**
   * Checks the dependencies added since the last call, once a draft is read: those that
   * name an earlier task (not itself, not twice) need no check at the end, and share that
   * task's id string. The first other one leaves the rest to finishTasks.
   */
  settle(d: TaskDraft): void {
    const deps = d.dependsOn;
    if (deps.length > SHORT_LIST) return;
    for (let i = d.settledDeps; i < deps.length; i++) {
      const dep = deps[i] as TaskDependency;
      const target = this.byId.get(dep.id);
      if (target === undefined || dep.id === d.id || repeats(deps, i)) return;
      dep.id = target.id;
      d.settledDeps = i + 1;
    }
  }
}

/** Dependency lists up to this long are checked for repeats pairwise. */
const SHORT_LIST = 16;

/**
 * Turns drafts into tasks, reporting unknown and self dependencies and tasks without
 * instructions. Returns what can be used: a duplicated id keeps its first task, and
 * reported dependencies are dropped so later checks (cycles) can still run.
 */
export function finishTasks(list: DraftList, diags: DiagnosticList): Task[] {
  const { drafts, byId, kept } = list;
  const tasks: Task[] = [];
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i] as TaskDraft;
    const settled = d.settledDeps === d.dependsOn.length;
    const deps = settled ? d.dependsOn : checkDependencies(d, byId, diags);
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
  const seen = deps.length > SHORT_LIST ? new Set<string>() : undefined;
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
