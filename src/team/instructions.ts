/**
 * Each role's instructions (seed 004's coordination protocol): the planning
 * role distributes the work and merges; feature roles build one feature each
 * on their own branch; testing waits for the features; docs writes in
 * parallel. Every role reports completion with `weft team done`. The text is
 * the agent's first prompt and is also written to `.weft-role.md` in the
 * role's worktree.
 */
import type { TeamRoleSpec } from './roles.js';

export const ROLE_FILE = '.weft-role.md';
export const SYNC_FILE = '.weft-team-sync.md';

export interface TeamContext {
  project: string;
  goal?: string;
  integrationBranch: string;
  /** Where planning writes the distribution of work (an absolute path every role can read). */
  planFile: string;
  /** How to run `weft` from a role's window, as shown to the agent. */
  weft: string;
  roles: readonly (TeamRoleSpec & { branch?: string })[];
}

function roster(ctx: TeamContext): string[] {
  return ctx.roles.map(
    (r) =>
      `- tab ${r.tab}: ${r.name}${r.branch === undefined ? ' (main checkout)' : ` — branch ${r.branch}`}`,
  );
}

function goalLine(ctx: TeamContext): string {
  return ctx.goal === undefined ? 'Goal: ask the user for the goal if it is not clear.' : `Goal: ${ctx.goal}`;
}

function kindLines(role: TeamRoleSpec & { branch?: string }, ctx: TeamContext): string[] {
  switch (role.kind) {
    case 'planning':
      return [
        'You are the orchestrator (tab 1). Plan first: break the goal into assignments for each role and write them,',
        `as a "Parallel Task Distribution" with a checklist per tab, to ${ctx.planFile}. Give each role clear file boundaries.`,
        `When roles report done, run \`${ctx.weft} team sync\`: it merges the role branches into ${ctx.integrationBranch} in order,`,
        `reports conflicts and tells every role what changed. \`${ctx.weft} team status\` shows every role. Review the merged work and resolve conflicts.`,
      ];
    case 'feature':
      return [
        `You build the feature "${role.feature}" in this worktree, on branch ${role.branch}.`,
        `Your assignment is in ${ctx.planFile} once planning has written it; until then, ask the user.`,
        'Touch only the files your feature needs. Commit after each logical change.',
      ];
    case 'testing':
      return [
        `You write and run the tests for the features (${role.waitsFor.join(', ') || 'none listed'}), in this worktree on branch ${role.branch}.`,
        `Your assignment is in ${ctx.planFile}. Take the features' work with \`git merge ${ctx.integrationBranch}\` after planning has synced,`,
        'or merge their branches directly. Commit the tests; report failures to the user with the failing output.',
      ];
    case 'docs':
      return [
        `You write the documentation (README, API docs, usage) in this worktree on branch ${role.branch}, in parallel with the features.`,
        `Your assignment is in ${ctx.planFile}. Commit after each logical change.`,
      ];
  }
}

export function roleInstructions(role: TeamRoleSpec & { branch?: string }, ctx: TeamContext): string {
  return [
    `# ${ctx.project}-${role.name}`,
    '',
    `You are the "${role.name}" session of a team of agent sessions working in parallel on ${ctx.project}, each in its own tmux window.`,
    goalLine(ctx),
    '',
    ...kindLines(role, ctx),
    '',
    ...(role.kind === 'planning'
      ? []
      : [
          `When your part is finished and committed, run \`${ctx.weft} team done\` to tell the team.`,
          `After a sync, ${SYNC_FILE} in your worktree says what changed on ${ctx.integrationBranch}.`,
        ]),
    'When you need a decision from the user, ask and wait: they are notified.',
    '',
    'The team:',
    ...roster(ctx),
    '',
  ].join('\n');
}
