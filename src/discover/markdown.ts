/** The report as markdown: a header line, one section per role, the synthesis, notes. */
import { relative } from 'node:path';
import { formatDuration } from '../util/duration.js';
import type { DiscoveryReport, RoleResult } from './report.js';

/**
 * Push a role's own headings one level down, so its `## Findings` sits under
 * the report's `## <role>` section. Fenced code is left alone.
 */
export function demoteHeadings(text: string): string {
  let fence: string | undefined;
  return text
    .split('\n')
    .map((line) => {
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (f) {
        const marker = f[1] as string;
        if (fence === undefined) fence = marker;
        else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
        return line;
      }
      if (fence !== undefined) return line;
      return /^ {0,3}#{1,5}[ \t]/.test(line) ? line.replace('#', '##') : line;
    })
    .join('\n');
}

function attemptsText(n: number): string {
  return n === 1 ? '1 attempt' : `${n} attempts`;
}

function roleSection(r: RoleResult, title: string, base: string): string[] {
  const lines = [`## ${title}`, ''];
  if (r.status === 'succeeded') {
    const last = r.attempts.at(-1);
    if (r.attempts.length > 1)
      lines.push(`_answered on the retry, after: ${r.attempts[0]?.reason ?? 'a failure'}_`, '');
    lines.push(demoteHeadings(r.findings ?? ''), '');
    const denied = last?.blocked ?? [];
    if (denied.length > 0) {
      lines.push(
        `_${denied.length} tool call${denied.length === 1 ? ' was' : 's were'} denied (read-only):_`,
      );
      for (const d of denied) lines.push(`- ${d}`);
      lines.push('');
    }
    return lines;
  }
  lines.push(`**Failed** after ${attemptsText(r.attempts.length)}: ${r.reason ?? 'unknown reason'}`, '');
  for (const a of r.attempts) {
    lines.push(
      `- attempt ${a.attempt}${a.refined ? ' (refined prompt)' : ''}: ${a.reason ?? 'failed'} — log ${relative(base, a.logFile)}`,
    );
  }
  lines.push('');
  return lines;
}

export function renderReportMarkdown(report: DiscoveryReport): string {
  const base = report.cwd;
  const answered = report.roles.filter((r) => r.status === 'succeeded').length;
  const header = [
    `${answered} of ${report.roles.length} role${report.roles.length === 1 ? '' : 's'} answered`,
    `agent ${report.agent}`,
    formatDuration(report.durationMs),
    ...(report.usage.costUsd === undefined ? [] : [`$${report.usage.costUsd.toFixed(3)}`]),
    `id ${report.id}`,
  ].join(' · ');
  const lines = [`# Discovery: ${report.question.trim().split('\n', 1)[0]}`, '', header, ''];
  for (const r of report.roles) lines.push(...roleSection(r, `${r.role} — ${r.focus}`, base));
  if (report.synthesis !== undefined) {
    lines.push(...roleSection(report.synthesis, 'Synthesis — merged answer, conflicts and trade-offs', base));
  }
  if (report.notes.length > 0) {
    lines.push('## Notes', '', ...report.notes.map((n) => `- ${n}`), '');
  }
  lines.push(
    `Report: ${relative(base, report.files.markdown)} (JSON: ${relative(base, report.files.json)})`,
    '',
  );
  return lines.join('\n');
}
