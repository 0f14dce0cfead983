/**
 * The optional setup command from config (e.g. `npm ci`), run in a new
 * worktree before the agent. It is the user's own shell code, so it runs as
 * the one script argument of `sh -c` — weft adds nothing to it. Its output is
 * passed on line by line (the CLI shows it) and kept in the worker's log, with
 * secrets (`.env` values, secret variables) redacted from both.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { LineSplitter } from '../agents/line-splitter.js';
import { killProcessGroup } from '../agents/run.js';
import { redactorFor } from '../util/redact.js';
import { RedactingStream } from '../util/redact-stream.js';

export interface SetupResult {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** The last lines of output, for the error message. */
  tail: string[];
}

export async function runSetupCommand(options: {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  onLine?: (line: string) => void;
  signal?: AbortSignal;
  killGraceMs?: number;
}): Promise<SetupResult> {
  const started = Date.now();
  // The worktree's `.env` values and secret variables never reach the log or the screen.
  const redactor = await redactorFor(options.cwd, options.env);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  log.write(`$ ${redactor.redact(options.command)}\n`);
  const tail: string[] = [];
  const lines = new LineSplitter((raw: string) => {
    const line = redactor.redact(raw);
    tail.push(line);
    if (tail.length > 20) tail.shift();
    options.onLine?.(line);
  });
  const stdoutLog = new RedactingStream(redactor);
  const stderrLog = new RedactingStream(redactor);
  const child = spawn('/bin/sh', ['-c', options.command], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData =
    (toLog: RedactingStream) =>
    (chunk: Buffer): void => {
      log.write(toLog.write(chunk));
      lines.push(chunk);
    };
  child.stdout?.on('data', onData(stdoutLog));
  child.stderr?.on('data', onData(stderrLog));
  const stop = (): void => {
    if (child.pid !== undefined)
      void killProcessGroup(child.pid, options.killGraceMs ?? 5000).catch(() => undefined);
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  const exit = await new Promise<{ code: number | null; signal: string | null }>((done) => {
    child.once('error', () => done({ code: null, signal: null }));
    child.once('exit', (code, signal) => done({ code, signal }));
  });
  // A background process the setup left behind must not outlive it (nor hold its output open).
  if (child.pid !== undefined)
    await killProcessGroup(child.pid, options.killGraceMs ?? 5000).catch(() => undefined);
  await Promise.race([closed, delay(1000, undefined, { ref: false })]);
  child.stdout?.destroy();
  child.stderr?.destroy();
  options.signal?.removeEventListener('abort', stop);
  lines.end();
  log.write(stdoutLog.end() + stderrLog.end());
  await new Promise<void>((done) => log.end(() => done()));
  return {
    ok: exit.code === 0,
    exitCode: exit.code,
    signal: exit.signal,
    durationMs: Date.now() - started,
    tail,
  };
}
