/**
 * Running the built `weft` binary for chaos cases: with a bounded wall time
 * (a hang is a finding, not a stuck test), a marker in its environment to find
 * every process it started, and the harness's own scratch files outside the
 * repository.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { WEFT_BIN } from '../../support/cli.js';
import { GIT_TEST_ENV, type TestRepo } from '../../support/repo.js';
import { FAKES_DIR } from '../../support/run-helpers.js';
import { killAll, strayProcesses } from './processes.js';

export interface WeftRun {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

export interface CaseEnv {
  /** `WEFT_CHAOS_MARK=<uuid>`: every process of the case inherits it. */
  marker: string;
  /** Scratch folder outside the repository (plans, commit log). */
  scratch: string;
  commitLog: string;
  env: Record<string, string>;
  dispose(): void;
}

export function caseEnv(extra: Record<string, string> = {}): CaseEnv {
  const scratch = mkdtempSync(join(tmpdir(), 'weft-chaos-'));
  const marker = `WEFT_CHAOS_MARK=${randomUUID()}`;
  const commitLog = join(scratch, 'commits.log');
  return {
    marker,
    scratch,
    commitLog,
    env: {
      PATH: `${FAKES_DIR}:${process.env.PATH ?? ''}`,
      WEFT_CHAOS_MARK: marker.slice('WEFT_CHAOS_MARK='.length),
      FAKE_AGENT_COMMIT_LOG: commitLog,
      ...extra,
    },
    dispose: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

/**
 * The end of a case: every process it left (its marker) is killed, then its
 * repository and scratch folder are removed, unless CHAOS_KEEP asks to keep them.
 */
export function endCase(repo: TestRepo, ce: CaseEnv): void {
  killAll(strayProcesses(repo.dir, ce.marker));
  if (process.env.CHAOS_KEEP) {
    console.error(`kept ${repo.dir} ${ce.scratch}`);
    return;
  }
  ce.dispose();
  repo.cleanup();
}

export async function weft(
  args: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    timeoutMs?: number;
    /** Run through this command: `[cmd, ...args]` gets `node <weft> <args>` appended. */
    wrap?: string[];
    /** SIGKILL weft this long after it started (a crash at an arbitrary moment). */
    killAfterMs?: number;
  },
): Promise<WeftRun> {
  const started = Date.now();
  const [cmd, ...pre] = options.wrap ?? [process.execPath];
  const child = execa(
    cmd as string,
    [...pre, ...(options.wrap ? [process.execPath] : []), WEFT_BIN, ...args],
    {
      cwd: options.cwd,
      env: { ...GIT_TEST_ENV, CI: 'true', NO_COLOR: '1', ...options.env },
      stdin: 'ignore',
      reject: false,
      timeout: options.timeoutMs ?? 90_000,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const timer =
    options.killAfterMs === undefined
      ? undefined
      : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
  const r = await child;
  clearTimeout(timer);
  return {
    exitCode: r.exitCode,
    signal: r.signal,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
    timedOut: r.timedOut,
    ms: Date.now() - started,
  };
}
