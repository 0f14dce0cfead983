/**
 * What each discovery agent is told. The role line (`Your role: <name>`) is
 * stable text: tests key scripted model replies on it.
 */
import type { DiscoveryRole } from './roles.js';

const ANSWER_FORMAT = [
  'Answer in markdown with these sections:',
  '## Findings',
  '- one point per bullet, citing files as path:line where you can',
  '## Key files',
  '- path — why it matters',
  '## Open questions',
  '- what you could not establish from what you can read',
].join('\n');

export function rolePrompt(question: string, role: DiscoveryRole): string {
  return [
    'You are one of several agents looking at the same question at the same time, each from its own angle; a final step merges the findings.',
    '',
    `Your role: ${role.name} — ${role.focus}.`,
    ...(role.instructions === '' ? [] : [role.instructions]),
    '',
    `Question: ${question}`,
    '',
    'Rules:',
    '- Read only: do not create, edit, delete or move files, do not commit, do not install anything.',
    '- Stay in your role; the other angles are covered by others.',
    '- Be concrete and brief.',
    '',
    ANSWER_FORMAT,
  ].join('\n');
}

/**
 * Seed 002's "retry with refinement": say what went wrong and narrow the
 * scope. The original prompt follows unchanged (so keyed test scripts still match).
 */
export function refinePrompt(prompt: string, failure: string): string {
  return [
    `A first attempt at this failed: ${failure}`,
    'This is the second and last attempt. Narrow your scope: cover only what your part of the question needs, read only the files you need, and keep the answer short. Where something cannot be established, say so instead of stopping.',
    '',
    prompt,
  ].join('\n');
}

export interface RoleFindings {
  role: DiscoveryRole;
  findings: string;
}

export interface FailedRole {
  role: DiscoveryRole;
  reason: string;
}

/** Longest findings text handed to the synthesis agent per role (the report keeps all of it). */
export const SYNTHESIS_FINDINGS_LIMIT = 20_000;

function clip(text: string): string {
  if (text.length <= SYNTHESIS_FINDINGS_LIMIT) return text;
  return `${text.slice(0, SYNTHESIS_FINDINGS_LIMIT)}\n[… cut: ${text.length - SYNTHESIS_FINDINGS_LIMIT} more characters in the report]`;
}

/** Seed 002's parallel-then-merge: one more agent merges the perspectives and names conflicts and trade-offs. */
export function synthesisPrompt(question: string, found: RoleFindings[], failed: FailedRole[]): string {
  return [
    'You merge the findings of a parallel, read-only discovery into one answer. Do not change any file.',
    '',
    `Question: ${question}`,
    '',
    'Findings, role by role:',
    ...found.flatMap((f) => ['', `### ${f.role.name} — ${f.role.focus}`, '', clip(f.findings.trim())]),
    ...(failed.length === 0
      ? []
      : [
          '',
          'These roles failed, so their angle is missing; say what that leaves open:',
          ...failed.map((f) => `- ${f.role.name} (${f.role.focus}): ${f.reason}`),
        ]),
    '',
    'Answer in markdown with these sections:',
    '## Answer',
    '- the merged answer to the question',
    '## Conflicts',
    '- where the roles disagree, and which evidence is stronger (write "none" if they agree)',
    '## Trade-offs',
    '- the trade-offs between the approaches the findings point to',
    '## Recommendation',
    '- one balanced recommendation',
  ].join('\n');
}
