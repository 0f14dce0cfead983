/** Helpers for tests that start real agent processes and must prove none is left behind. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupMembers } from '../../../src/agents/process-group.js';
import { type RunAgentOptions, runAgent } from '../../../src/agents/run.js';
import type { AgentEvent, AgentOutcome, AgentRequest } from '../../../src/agents/types.js';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers kill(0): check its state.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Bounded poll for a file the agent writes (its pid, a marker) where no event exists. */
export async function waitForFile(path: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const text = readFileSync(path, 'utf8');
      if (text.endsWith('\n')) return text.trim();
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${path}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Recorded {
  outcome: AgentOutcome;
  events: AgentEvent[];
}

export async function runRecorded(
  options: Omit<RunAgentOptions, 'logFile'> & { logFile?: string },
): Promise<Recorded & { pid?: number }> {
  const events: AgentEvent[] = [];
  let pid: number | undefined;
  const outcome = await runAgent({
    logFile: join(options.request.stateDir, 'agent.log'),
    ...options,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
    onSpawn: (p) => {
      pid = p;
      options.onSpawn?.(p);
    },
  });
  if (pid !== undefined && groupMembers(pid).length > 0) {
    throw new Error(`process group ${pid} still has members after runAgent returned`);
  }
  return { outcome, events, pid };
}

export function request(cwd: string, stateDir: string, extra: Partial<AgentRequest> = {}): AgentRequest {
  return { prompt: 'do the task', cwd, stateDir, ...extra };
}
