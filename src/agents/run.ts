/**
 * Runs one agent process to completion: detached in its own process group,
 * output streamed line by line through the adapter and kept in full in a log
 * file, stopped (whole group: SIGTERM, then SIGKILL) on timeout, hang or abort.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Redactor, redactorFor } from '../util/redact.js';
import { RedactingStream } from '../util/redact-stream.js';
import { newParseState } from './adapters/common.js';
import { LineSplitter } from './line-splitter.js';
import { killProcessGroup } from './process-group.js';
import { ProcessTreeWatch } from './process-tree-watch.js';
import type { AgentAdapter, AgentEvent, AgentOutcome, AgentParseState, AgentRequest } from './types.js';
import { abortReason, RunWatchdog, type StopCause } from './watchdog.js';

export { killProcessGroup } from './process-group.js';

export interface RunAgentOptions {
  adapter: AgentAdapter;
  request: AgentRequest;
  /** stdout and stderr are appended here in full (directories are created). */
  logFile: string;
  /** Wall-clock limit. */
  timeoutMs?: number;
  /** Stop the agent when it prints nothing (stdout or stderr) for this long. */
  hangTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL. Default 5000. */
  killGraceMs?: number;
  signal?: AbortSignal;
  onEvent?: (e: AgentEvent) => void;
  onSpawn?: (pid: number) => void;
}

/** After the group is gone, how long stdio may stay open (held by a process that escaped the group). */
const DRAIN_AFTER_EXIT_MS = 1000;

/** Environment the agent inherits: ours + the request's; never CLAUDECODE (it makes claude refuse to nest). */
export function agentBaseEnv(request: AgentRequest): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...request.env };
  delete env.CLAUDECODE;
  return env;
}

export async function runAgent(options: RunAgentOptions): Promise<AgentOutcome> {
  const { adapter, request, logFile } = options;
  const startedAt = Date.now();
  const state = newParseState();
  const emit = safeEmitter(options.onEvent);
  const outcomeBase = { state, startedAt, logFile };

  if (options.signal?.aborted) {
    return finishRun(emit, outcomeBase, {
      verdict: { ok: false, reason: abortReason(options.signal) },
      exit: { code: null, signal: null },
      stopCause: { kind: 'abort', reason: abortReason(options.signal) },
    });
  }

  const baseEnv = agentBaseEnv(request);
  await adapter.prepare?.(request, baseEnv);
  const invocation = adapter.invocation(request, baseEnv);
  const env = { ...baseEnv, ...invocation.env };
  delete env.CLAUDECODE;
  // Secrets never reach the log, the events or anything built from them (journal, progress, reports).
  const redactor = await redactorFor(request.cwd, env);
  await mkdir(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  log.on('error', () => {}); // a full disk must not crash the supervisor; the run goes on unlogged

  const child = spawn(invocation.command, invocation.args, {
    cwd: request.cwd,
    env,
    detached: true,
    stdio: [invocation.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once('error', resolve));
    await closeLog(log);
    return finishRun(emit, outcomeBase, {
      verdict: { ok: false, reason: startFailure(invocation.command, request.cwd, error) },
      exit: { code: null, signal: null },
    });
  }
  child.on('error', () => {}); // e.g. a failed kill(); the exit event still decides
  options.onSpawn?.(pid);
  emit({ type: 'started', pid });
  if (invocation.stdin !== undefined && child.stdin !== null) {
    child.stdin.on('error', () => {}); // the agent may exit without reading it all (EPIPE)
    child.stdin.end(invocation.stdin);
  }

  const result = await superviseChild(child, pid, options, state, log, emit, redactor);
  await closeLog(log);
  const verdict = result.stopCause
    ? { ok: false, reason: result.stopCause.reason }
    : adapter.finish(result.exit, state);
  const crashed =
    !verdict.ok &&
    result.stopCause === undefined &&
    (result.exit.signal !== null || (REPORTS_RESULT.has(adapter.name) && state.result === undefined));
  return { ...finishRun(emit, { ...outcomeBase, pid }, { ...result, verdict }), crashed };
}

/** Agents whose CLI reports a terminal result: ending without one is a crash, not a failure. */
const REPORTS_RESULT = new Set(['claude', 'codex', 'gemini', 'opencode']);

interface Supervised {
  exit: { code: number | null; signal: string | null };
  stopCause?: StopCause;
}

function superviseChild(
  child: ChildProcess,
  pid: number,
  options: RunAgentOptions,
  state: AgentParseState,
  log: WriteStream,
  emit: (e: AgentEvent) => void,
  redactor: Redactor,
): Promise<Supervised> {
  const { adapter } = options;
  const graceMs = options.killGraceMs ?? 5000;
  const forward = (events: AgentEvent[]): void => {
    for (const e of events) {
      if (e.type === 'finished') continue; // the runner alone reports the end
      emit(e.type === 'started' ? { ...e, pid } : e);
    }
  };
  const stdoutLines = new LineSplitter((line) => forward(adapter.parseLine(redactor.redact(line), state)));
  const stderrLines = new LineSplitter((line) =>
    forward(adapter.parseStderrLine?.(redactor.redact(line), state) ?? []),
  );
  const stdoutLog = new RedactingStream(redactor);
  const stderrLog = new RedactingStream(redactor);

  return new Promise((resolve) => {
    let stopCause: StopCause | undefined;
    let exit: Supervised['exit'] | undefined;
    let killing: Promise<unknown> = Promise.resolve();
    const tree = new ProcessTreeWatch(pid);
    const watchdog = new RunWatchdog({
      timeoutMs: options.timeoutMs,
      hangTimeoutMs: options.hangTimeoutMs,
      signal: options.signal,
      onStop: (cause) => {
        if (exit !== undefined) return;
        stopCause = cause;
        killing = killProcessGroup(pid, graceMs, tree.known()).catch(() => undefined);
      },
    });
    const onOutput = (lines: LineSplitter, toLog: RedactingStream) => (chunk: Buffer) => {
      watchdog.activity();
      log.write(toLog.write(chunk));
      lines.push(chunk);
    };
    child.stdout?.on('data', onOutput(stdoutLines, stdoutLog));
    child.stderr?.on('data', onOutput(stderrLines, stderrLog));

    let closed = false;
    const closedPromise = new Promise<void>((done) => child.once('close', () => done()));
    void closedPromise.then(() => {
      closed = true;
    });
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      const settled = exit;
      void (async () => {
        watchdog.dispose();
        tree.stop();
        try {
          // The leader is gone; anything left in its group (a child ignoring SIGTERM,
          // a background job) is an orphan: stop it too.
          await killing;
          await killProcessGroup(pid, graceMs, tree.known()).catch(() => undefined);
          if (!closed) await withTimeout(closedPromise, DRAIN_AFTER_EXIT_MS);
        } finally {
          child.stdout?.destroy();
          child.stderr?.destroy();
          stdoutLines.end();
          stderrLines.end();
          log.write(stdoutLog.end() + stderrLog.end());
          resolve({ exit: settled, stopCause });
        }
      })();
    });
  });
}

function startFailure(command: string, cwd: string, error: Error): string {
  // spawn reports a missing cwd as the command being missing: say which it is.
  if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(cwd)) {
    return `could not start ${command}: working directory ${cwd} does not exist`;
  }
  return `could not start ${command}: ${error.message}`;
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((done) => {
    timer = setTimeout(done, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function closeLog(log: WriteStream): Promise<void> {
  return new Promise((done) => {
    log.once('error', () => done());
    log.end(() => done());
  });
}

function safeEmitter(onEvent: RunAgentOptions['onEvent']): (e: AgentEvent) => void {
  return (e) => {
    try {
      onEvent?.(e);
    } catch {
      // An observer's bug must not leave the agent unsupervised.
    }
  };
}

function finishRun(
  emit: (e: AgentEvent) => void,
  base: { state: AgentParseState; startedAt: number; logFile: string; pid?: number },
  result: Supervised & { verdict: { ok: boolean; reason?: string } },
): AgentOutcome {
  const { state } = base;
  const kind = result.stopCause?.kind;
  const outcome: AgentOutcome = {
    ok: result.verdict.ok,
    reason: result.verdict.reason,
    exitCode: result.exit.code,
    signal: result.exit.signal,
    finalMessage: state.finalMessage,
    usage: state.usage,
    blocked: state.blocked,
    timedOut: kind === 'timeout',
    hung: kind === 'hang',
    aborted: kind === 'abort',
    durationMs: Date.now() - base.startedAt,
    logFile: base.logFile,
    pid: base.pid,
    startedAt: base.startedAt,
    sessionId: state.sessionId,
  };
  emit({ type: 'finished', ok: outcome.ok, reason: outcome.reason, finalMessage: outcome.finalMessage });
  return outcome;
}
