/**
 * Reporting back to the parent's plan (seed 000):
 * `.claude/plans/<parent-branch>/plan.md` gets a `- \`<branch>\`: summary`
 * line under "## Worker Branches" and, when the worker succeeded, its steps
 * checked under "## Steps" as `- [x] step (branch: <branch>)`. Sections are
 * created when missing; the file itself is only updated, never created.
 */
import { access, readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { withRepoLock } from '../git/repo-lock.js';
import type { RepoPaths } from '../git/repo-paths.js';
import { replaceFile } from '../util/replace-file.js';

export const PLANS_DIR = join('.claude', 'plans');

export interface PlanFileUpdate {
  branch: string;
  summary: string;
  /** Steps to check (only when the worker succeeded). */
  doneSteps: string[];
}

export function planFilePath(top: string, parentBranch: string): string | undefined {
  const dir = resolve(top, PLANS_DIR);
  const file = resolve(dir, parentBranch, 'plan.md');
  return file.startsWith(dir + sep) ? file : undefined;
}

const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** [start, end) line range of the body of the level-2 section titled `title`, outside code fences. */
function findSection(lines: string[], title: string): [number, number] | undefined {
  let inFence = false;
  let start: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) continue;
    const m = HEADING.exec(line);
    if (m === null) continue;
    if (start !== undefined && (m[1] as string).length <= 2) return [start, i];
    if (start === undefined && (m[1] as string).length === 2 && m[2]?.toLowerCase() === title.toLowerCase())
      start = i + 1;
  }
  return start === undefined ? undefined : [start, lines.length];
}

/** Insert `entry` at the end of the section's content (before its trailing blank lines). */
function appendToSection(lines: string[], title: string, entry: string): void {
  const section = findSection(lines, title);
  if (section === undefined) {
    while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
    lines.push('', `## ${title}`, entry);
    return;
  }
  let at = section[1];
  while (at > section[0] && lines[at - 1]?.trim() === '') at--;
  lines.splice(at, 0, entry);
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The pure text transformation (tested without files). */
export function updatePlanMarkdown(text: string, update: PlanFileUpdate): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const tick = `\`${update.branch}\``;
  const entry = `- ${tick}: ${update.summary}`;
  const branches = findSection(lines, 'Worker Branches');
  const existing = branches
    ? lines.slice(branches[0], branches[1]).findIndex((l) => l.trimStart().startsWith(`- ${tick}:`))
    : -1;
  if (branches && existing >= 0) lines[branches[0] + existing] = entry;
  else appendToSection(lines, 'Worker Branches', entry);

  for (const step of update.doneSteps) {
    const done = `- [x] ${step} (branch: ${update.branch})`;
    const steps = findSection(lines, 'Steps');
    const idx = steps
      ? lines.slice(steps[0], steps[1]).findIndex((l) => {
          const m = /^\s*[-*+] \[[ xX]\] (.*?)(?: \(branch: [^)]*\))?\s*$/.exec(l);
          return m !== null && norm(m[1] as string) === norm(step);
        })
      : -1;
    if (steps && idx >= 0) lines[steps[0] + idx] = done;
    else appendToSection(lines, 'Steps', done);
  }
  return `${lines.join('\n')}\n`;
}

/** Update the parent's plan file under the repo lock (workers finish concurrently); false when there is none. */
export async function updatePlanFile(
  repo: RepoPaths,
  parentBranch: string,
  update: PlanFileUpdate,
): Promise<boolean> {
  const file = planFilePath(repo.top, parentBranch);
  if (file === undefined) return false;
  // Most repositories have no plan file: find out without taking the lock.
  if (
    !(await access(file).then(
      () => true,
      () => false,
    ))
  )
    return false;
  return withRepoLock(repo.commonDir, async () => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    await replaceFile(file, updatePlanMarkdown(text, update));
    return true;
  });
}
