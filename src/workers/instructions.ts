/**
 * What the agent is told: the task, and the mini-plan (seed 000's checkbox
 * format) both in the prompt and as `.weft-plan.md` at the worktree's top,
 * which `info/exclude` keeps out of the agent's commits.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { parseMiniPlan, renderMiniPlan } from '../tasks/miniplan.js';

export const PLAN_FILE_IN_WORKTREE = '.weft-plan.md';

export interface WorkerPlan {
  title?: string;
  /** First lines of the open steps (for the parent's plan file). */
  steps: string[];
  /** The plan as written into the worktree. */
  markdown: string;
}

/**
 * Parse `--plan` text. Seed 000 passes plans inline with literal `\n`
 * (`--plan "# Tasks\n- [ ] Do X"`): a single-line plan has those expanded.
 */
export function readWorkerPlan(text: string): WorkerPlan {
  const source = !text.includes('\n') && text.includes('\\n') ? text.replaceAll('\\n', '\n') : text;
  const parsed = parseMiniPlan(source);
  const open = parsed.steps.filter((s) => !s.done);
  if (parsed.steps.length === 0) {
    throw new UsageError('the plan has no steps', { details: ['write one `- [ ] step` line per step'] });
  }
  return {
    title: parsed.title,
    steps: open.map((s) => s.text.split('\n', 1)[0] as string),
    markdown: renderMiniPlan(parsed.steps, { title: parsed.title }),
  };
}

export function buildWorkerPrompt(task: string, plan: WorkerPlan | undefined): string {
  if (plan === undefined) return `${task}\n\nCommit after each logical change.`;
  return [
    task,
    '',
    `Work through this plan in order (it is also in ${PLAN_FILE_IN_WORKTREE}, which is not to be committed):`,
    '',
    plan.markdown.trim(),
  ].join('\n');
}

/** The built-in shell agent runs the task's fenced ```sh block, else the task text itself. */
export function shellScriptOf(task: string): string {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*(?:sh|bash|shell)[ \t]*\n([\s\S]*?)\n {0,3}\1[ \t]*$/m.exec(task);
  return m?.[2] ?? task;
}

export async function injectPlan(worktree: string, plan: WorkerPlan): Promise<void> {
  await writeFile(join(worktree, PLAN_FILE_IN_WORKTREE), plan.markdown);
}
