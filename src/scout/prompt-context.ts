/** The part of the scout's context that goes into one worker's prompt. */
import type { RepoContext } from './scout.js';

export function contextForTask(context: RepoContext, taskFiles: readonly string[]): string {
  const lines: string[] = ['## Repository context (from weft scout)'];
  const langs = context.languages
    .slice(0, 4)
    .map((l) => l.language)
    .join(', ');
  if (langs) lines.push(`- Languages: ${langs}`);
  if (context.commands.test) lines.push(`- Test command: \`${context.commands.test}\``);
  if (context.commands.build) lines.push(`- Build command: \`${context.commands.build}\``);
  const dirs = new Set(taskFiles.map((f) => (f.includes('/') ? f.slice(0, f.lastIndexOf('/') + 1) : '')));
  const nearby = context.hotFiles.filter(
    (h) => !taskFiles.includes(h.path) && [...dirs].some((d) => d !== '' && h.path.startsWith(d)),
  );
  if (nearby.length > 0) {
    lines.push(
      `- Frequently changed files near this task: ${nearby
        .slice(0, 5)
        .map((h) => h.path)
        .join(', ')}`,
    );
  }
  for (const inst of context.instructions) {
    lines.push('', `### ${inst.path}`, inst.text);
  }
  return lines.join('\n');
}
