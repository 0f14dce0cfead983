/**
 * The instructions one attempt of one task gets: the task's own text, the
 * files it owns, what the integration branch already holds, the relevant
 * repository context, and — on a retry — what went wrong last time
 * (seed 002's retry with refinement).
 */
import { contextForTask } from '../scout/prompt-context.js';
import type { RepoContext } from '../scout/scout.js';
import type { Task } from '../tasks/types.js';

export interface PromptInput {
  task: Task;
  workerId: string;
  branch: string;
  integrationBranch: string;
  /** Titles of the tasks already merged that this task depends on. */
  mergedDependencies: { id: string; title: string }[];
  /** Repository context for this task (scout), already rendered. */
  context?: string;
  previousFailure?: { reason: string; conflictFiles?: string[] };
}

export function buildTaskPrompt(input: PromptInput): string {
  const { task } = input;
  const out: string[] = [
    `You are ${input.workerId}, one of several weft workers changing this repository in parallel.`,
    `Your task is ${task.id} (${task.priority}): ${task.title}`,
    `You are in your own git worktree on branch \`${input.branch}\`, started from \`${input.integrationBranch}\`.`,
  ];
  if (input.mergedDependencies.length > 0) {
    out.push('It already contains the work of the tasks yours depends on:');
    for (const d of input.mergedDependencies) out.push(`- ${d.id}: ${d.title}`);
  }
  out.push('', '## Instructions', task.instructions.trim() || task.title);
  const owned = task.files.filter((f) => f.op !== 'read');
  const read = task.files.filter((f) => f.op === 'read');
  if (owned.length > 0 || read.length > 0) {
    out.push('', '## Files');
    for (const f of owned) out.push(`- ${f.op} \`${f.path}\``);
    for (const f of read) out.push(`- read \`${f.path}\` (do not change it)`);
    out.push(
      'Other workers own other files: change files outside this list only when the task cannot be done otherwise.',
    );
  }
  if (task.verify) out.push('', '## Done when', `\`${task.verify}\` passes in your worktree.`);
  if (input.previousFailure) {
    out.push('', '## The previous attempt did not succeed');
    if (input.previousFailure.conflictFiles && input.previousFailure.conflictFiles.length > 0) {
      out.push(
        `Its changes conflicted with work merged since it started, in: ${input.previousFailure.conflictFiles.join(', ')}.`,
        'Your worktree now starts from the current integration branch: make the change on top of the code as it is now.',
      );
    } else {
      out.push(
        `Reason: ${input.previousFailure.reason}`,
        'Take a different approach where that reason calls for one.',
      );
    }
  }
  if (input.context) out.push('', input.context);
  out.push(
    '',
    '## When you are done',
    'Commit your changes on your branch with a clear message. weft commits anything you leave uncommitted, then merges your branch.',
  );
  return out.join('\n');
}

/** The prompt of one attempt in a run: the task, its merged dependencies, the context for its files. */
export function attemptPrompt(
  run: { tasks: ReadonlyMap<string, Task>; integrationBranch: string; context: RepoContext },
  task: Task,
  workerId: string,
  branch: string,
  previousFailure: { reason: string; conflictFiles?: string[] } | undefined,
): string {
  const merged = task.dependsOn
    .map((d) => run.tasks.get(d.id))
    .filter((t): t is Task => t !== undefined)
    .map((t) => ({ id: t.id, title: t.title }));
  return buildTaskPrompt({
    task,
    workerId,
    branch,
    integrationBranch: run.integrationBranch,
    mergedDependencies: merged,
    context: contextForTask(
      run.context,
      task.files.map((f) => f.path),
    ),
    ...(previousFailure ? { previousFailure } : {}),
  });
}
