/**
 * Seed 002's synchronization point and partial success: every role runs at
 * once; once all have ended, each failed role is retried once with a refined
 * prompt — unless every role failed (a systemic problem: the agent, its
 * login, the network), which a retry would only repeat, or the run was
 * interrupted. What succeeded is kept either way.
 */

import { refinePrompt } from './prompt.js';
import type { RoleAttempt, RoleResult } from './report.js';
import type { DiscoveryRole } from './roles.js';
import { type RoleRunContext, runRoleAttempt } from './run-role.js';

export interface RoleTask {
  role: DiscoveryRole;
  prompt: string;
}

export interface RoundsOutcome {
  results: RoleResult[];
  notes: string[];
  interrupted: boolean;
}

interface Progress {
  task: RoleTask;
  attempts: RoleAttempt[];
  findings?: string;
}

export async function runRoleRounds(
  ctx: RoleRunContext,
  tasks: readonly RoleTask[],
  options: { retry: boolean },
): Promise<RoundsOutcome> {
  const progress: Progress[] = tasks.map((task) => ({ task, attempts: [] }));
  let interrupted = false;
  const attempt = async (p: Progress, prompt: string, n: number): Promise<void> => {
    const r = await runRoleAttempt(ctx, p.task.role, prompt, n);
    p.attempts.push(r.attempt);
    if (r.findings !== undefined) p.findings = r.findings;
    if (r.aborted) interrupted = true;
  };

  await Promise.all(progress.map((p) => attempt(p, p.task.prompt, 1)));
  interrupted ||= ctx.signal?.aborted === true;

  const failed = progress.filter((p) => p.findings === undefined);
  const notes: string[] = [];
  const names = failed.map((p) => p.task.role.name);
  const skip = (why: string): void => {
    notes.push(`${names.join(', ')} not retried: ${why}`);
    ctx.emit({ type: 'not-retrying', roles: names, why });
  };
  if (failed.length > 0) {
    if (interrupted) skip('interrupted');
    else if (!options.retry) skip('retries are off');
    else if (failed.length === progress.length && progress.length > 1) {
      skip('every role failed, which points at a systemic problem (the agent, its login, the network)');
    } else {
      await Promise.all(
        failed.map((p) => {
          const reason = p.attempts.at(-1)?.reason ?? 'it failed';
          ctx.emit({ type: 'retrying', role: p.task.role.name, reason });
          return attempt(p, refinePrompt(p.task.prompt, reason), 2);
        }),
      );
      interrupted ||= ctx.signal?.aborted === true;
    }
  }
  return { results: progress.map(toResult), notes, interrupted };
}

function toResult(p: Progress): RoleResult {
  const base = { role: p.task.role.name, focus: p.task.role.focus, attempts: p.attempts };
  if (p.findings !== undefined) return { ...base, status: 'succeeded', findings: p.findings };
  return { ...base, status: 'failed', reason: p.attempts.at(-1)?.reason ?? 'it failed' };
}
