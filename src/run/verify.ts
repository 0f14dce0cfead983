/**
 * The user's own check commands — a task's `Verify:` and the run's test gate
 * (`--validate`) — run with the built-in shell agent's runner, so they get the
 * same timeout, process-group kill and full log as any agent.
 */
import { getAdapter } from '../agents/registry.js';
import { runAgent } from '../agents/run.js';

export interface CheckResult {
  ok: boolean;
  exitCode: number | null;
  /** One line for messages: how it ended and its last output line. */
  summary: string;
  /** The last lines of its output. */
  outputTail: string;
  durationMs: number;
}

export interface CheckSpec {
  command: string;
  cwd: string;
  env: Record<string, string>;
  signal: AbortSignal;
  logFile: string;
  stateDir: string;
  timeoutMs?: number;
  onSpawn?: (pid: number) => void;
}

export async function runCheck(spec: CheckSpec): Promise<CheckResult> {
  const outcome = await runAgent({
    adapter: getAdapter('shell'),
    request: {
      prompt: spec.command,
      script: spec.command,
      cwd: spec.cwd,
      env: spec.env,
      stateDir: spec.stateDir,
    },
    logFile: spec.logFile,
    timeoutMs: spec.timeoutMs ?? 10 * 60_000,
    killGraceMs: 2000,
    signal: spec.signal,
    ...(spec.onSpawn ? { onSpawn: spec.onSpawn } : {}),
  });
  const tail = outcome.finalMessage ?? '';
  const last =
    tail
      .split('\n')
      .filter((l) => l.trim() !== '')
      .at(-1) ?? '';
  const how = outcome.ok ? 'passed' : (outcome.reason ?? `exit ${outcome.exitCode}`);
  return {
    ok: outcome.ok,
    exitCode: outcome.exitCode,
    summary: last && !outcome.ok ? `${how}: ${last}` : how,
    outputTail: tail,
    durationMs: outcome.durationMs,
  };
}
