/** One attempt of one role: a read-only agent run whose answer becomes the role's findings. */
import { join } from 'node:path';
import { killProcessGroup, runAgent } from '../agents/run.js';
import type { AgentAdapter, AgentEvent } from '../agents/types.js';
import { abortReason } from '../agents/watchdog.js';
import type { DiscoveryObserver } from './events.js';
import { readOnlyRun } from './read-only.js';
import type { RoleAttempt } from './report.js';
import type { DiscoveryRole } from './roles.js';

export interface RoleRunContext {
  adapter: AgentAdapter;
  question: string;
  /** Where the agents run (the current worktree's top). */
  cwd: string;
  /** The discovery's folder: `logs/` and the agents' private `state/` go here. */
  dir: string;
  /** Extra environment for every agent. */
  env: Record<string, string>;
  model?: string;
  timeoutMs?: number;
  hangTimeoutMs?: number;
  killGraceMs?: number;
  signal?: AbortSignal;
  emit: DiscoveryObserver;
}

export interface AttemptResult {
  attempt: RoleAttempt;
  findings?: string;
  aborted: boolean;
}

/** Environment a discovery agent sees besides weft's own (the role acts as a task named `discover-<role>`). */
export function roleEnv(question: string, role: string): Record<string, string> {
  return { WEFT_DISCOVER_QUESTION: question, WEFT_DISCOVER_ROLE: role, WEFT_TASK_ID: `discover-${role}` };
}

export async function runRoleAttempt(
  ctx: RoleRunContext,
  role: DiscoveryRole,
  prompt: string,
  attempt: number,
): Promise<AttemptResult> {
  const refined = attempt > 1;
  const run = readOnlyRun(ctx.adapter.name, role);
  const logFile = join(ctx.dir, 'logs', `${role.name}.${attempt}.log`);
  const lines: string[] = [];
  ctx.emit({ type: 'role-started', role: role.name, attempt, refined });
  const outcome = await runAgent({
    adapter: ctx.adapter,
    request: {
      ...run.request,
      prompt,
      cwd: ctx.cwd,
      model: ctx.model,
      stateDir: join(ctx.dir, 'state', role.name),
      env: { ...ctx.env, ...roleEnv(ctx.question, role.name) },
    },
    logFile,
    timeoutMs: ctx.timeoutMs,
    hangTimeoutMs: ctx.hangTimeoutMs,
    killGraceMs: ctx.killGraceMs,
    signal: ctx.signal,
    // runAgent only hears an abort that comes after its watchdog starts; one that came while
    // it was preparing (a Ctrl-C right at the start) is caught here, as the agent spawns.
    onSpawn: (pid) => {
      if (ctx.signal?.aborted) void killProcessGroup(pid, ctx.killGraceMs ?? 5000).catch(() => undefined);
    },
    onEvent: (e: AgentEvent) => {
      if (e.type === 'message') lines.push(e.text);
      if (e.type === 'tool' || e.type === 'blocked')
        ctx.emit({ type: 'role-activity', role: role.name, event: e });
    },
  });
  const answer = (run.findingsFrom === 'output' ? lines.join('\n') : (outcome.finalMessage ?? '')).trim();
  const aborted = outcome.aborted || (ctx.signal?.aborted === true && !outcome.ok);
  let ok = outcome.ok;
  let reason = aborted && !outcome.aborted ? abortReason(ctx.signal) : outcome.reason;
  if (ok && answer === '') {
    ok = false;
    reason = 'the agent ended without an answer';
  }
  const result: RoleAttempt = {
    attempt,
    refined,
    ok,
    ...(reason === undefined || ok ? {} : { reason }),
    durationMs: outcome.durationMs,
    blocked: outcome.blocked,
    usage: outcome.usage,
    logFile,
  };
  ctx.emit({
    type: 'role-finished',
    role: role.name,
    attempt,
    ok,
    ...(ok ? {} : { reason }),
    durationMs: outcome.durationMs,
  });
  return { attempt: result, ...(ok ? { findings: answer } : {}), aborted };
}
