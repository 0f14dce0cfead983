/**
 * The process in each role's tmux window (`weft team __role <launch file>`):
 * it waits for the roles this one depends on, runs the agent in the window's
 * terminal (stdio inherited: the agent is interactive), reports the role's
 * state to `.weft/team/roles/<role>.json`, and raises a notice when the
 * agent has gone quiet (waiting for input). What the window shows is up to
 * the caller's observer (src/cli prints it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { IdleWatch } from './idle-watch.js';
import { type RoleLaunch, readRoleLaunch } from './launch.js';
import { notifyRoleNeedsInput } from './notify-role.js';
import { type RoleRuntime, teamPaths, writeJson } from './store.js';
import { Tmux } from './tmux.js';
import { pendingRoles, waitForRoles } from './wait-for-roles.js';

export type RoleSessionEvent =
  | { type: 'launched'; launch: RoleLaunch }
  | { type: 'waiting'; pending: string[] }
  | { type: 'started-early' }
  | { type: 'agent-started'; pid: number }
  | { type: 'agent-failed-to-start'; reason: string }
  | { type: 'needs-input'; quietMs: number }
  | { type: 'agent-exited'; code: number | null; signal: string | null };

export interface RoleSessionOptions {
  launchFile: string;
  /** Resolves when the user asks the role to start without waiting. */
  startNow?: Promise<void>;
  /** Stop the agent (the window is closing). */
  signal?: AbortSignal;
  /** Before the agent takes the terminal (the caller stops reading stdin). */
  beforeAgent?: () => void;
  onEvent: (e: RoleSessionEvent) => void;
  /** After the agent ends (not when the window is closing), run an interactive shell in its directory so the window stays. */
  shellAfter?: boolean;
  /** The window's own environment (TERM, TMUX, TMUX_PANE); default process.env. */
  paneEnv?: NodeJS.ProcessEnv;
  killGraceMs?: number;
}

/** Variables that describe the pane the agent runs in: the window's own values, not those of `team start`. */
const PANE_VARS = ['TERM', 'TMUX', 'TMUX_PANE', 'COLORTERM', 'TERM_PROGRAM', 'TERM_PROGRAM_VERSION'];

export interface RoleSessionResult {
  code: number | null;
  signal: string | null;
}

export async function runRoleSession(o: RoleSessionOptions): Promise<RoleSessionResult> {
  const launch = await readRoleLaunch(o.launchFile);
  const paths = teamPaths(launch.top);
  const paneEnv = o.paneEnv ?? process.env;
  let runtime: RoleRuntime = { state: 'waiting', pid: process.pid, updatedAt: new Date().toISOString() };
  const report = async (patch: Partial<RoleRuntime>): Promise<void> => {
    runtime = { ...runtime, ...patch, updatedAt: new Date().toISOString() };
    await writeJson(paths.runtime(launch.role), runtime).catch(() => undefined);
  };
  o.onEvent({ type: 'launched', launch });
  await report({});

  if (launch.waitsFor.length > 0 && (await pendingRoles(paths, launch.waitsFor)).length > 0) {
    const r = await waitForRoles(paths, launch.waitsFor, {
      startNow: o.startNow,
      signal: o.signal,
      onPending: (pending) => o.onEvent({ type: 'waiting', pending }),
    });
    if (r === 'aborted') {
      await report({ state: 'exited', exitedAt: new Date().toISOString(), exitCode: null, signal: 'SIGHUP' });
      return { code: null, signal: 'SIGHUP' };
    }
    if (r === 'started-early') o.onEvent({ type: 'started-early' });
  }

  o.beforeAgent?.();
  const env = agentEnv(launch, paneEnv);
  const child = spawn(launch.command, launch.args, { cwd: launch.cwd, env, stdio: 'inherit' });
  const exited = waitForExit(child);
  if (child.pid === undefined) {
    const r = await exited;
    o.onEvent({ type: 'agent-failed-to-start', reason: r.error ?? 'could not start' });
    await report({ state: 'exited', exitedAt: new Date().toISOString(), exitCode: 127, signal: null });
    if (o.shellAfter) await runShell(launch, env);
    return { code: 127, signal: null };
  }
  await report({ state: 'running', agentPid: child.pid, startedAt: new Date().toISOString() });
  o.onEvent({ type: 'agent-started', pid: child.pid });

  const pane = paneEnv.TMUX_PANE;
  const watch =
    pane === undefined
      ? undefined
      : new IdleWatch({
          tmux: new Tmux(launch.socket),
          pane,
          idleMs: launch.idleMs,
          onIdle: (quietMs) => {
            const since = new Date(Date.now() - quietMs).toISOString();
            void report({ needsInputSince: since });
            o.onEvent({ type: 'needs-input', quietMs });
            void notifyRoleNeedsInput(launch.top, paths.notifications, {
              type: 'team.role.needs-input',
              time: new Date().toISOString(),
              project: launch.project,
              session: launch.session,
              role: launch.role,
              window: launch.window,
              idleMs: quietMs,
            });
          },
          onActive: () => void report({ needsInputSince: undefined }),
        });
  watch?.start();
  const onAbort = (): void => stopChild(child, o.killGraceMs ?? 3000);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const r = await exited;
  o.signal?.removeEventListener('abort', onAbort);
  watch?.stop();
  await report({
    state: 'exited',
    exitedAt: new Date().toISOString(),
    exitCode: r.code,
    signal: r.signal,
    needsInputSince: undefined,
  });
  o.onEvent({ type: 'agent-exited', code: r.code, signal: r.signal });
  if (o.shellAfter && !o.signal?.aborted) await runShell(launch, env);
  return { code: r.code, signal: r.signal };
}

/** The launch environment with the window's own terminal variables. */
function agentEnv(launch: RoleLaunch, paneEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...launch.env };
  for (const k of PANE_VARS) {
    if (paneEnv[k] === undefined) delete env[k];
    else env[k] = paneEnv[k];
  }
  return env;
}

async function runShell(launch: RoleLaunch, env: NodeJS.ProcessEnv): Promise<void> {
  const shell = env.SHELL !== undefined && env.SHELL !== '' ? env.SHELL : '/bin/sh';
  await waitForExit(spawn(shell, ['-i'], { cwd: launch.cwd, env, stdio: 'inherit' }));
}

function waitForExit(child: ChildProcess): Promise<RoleSessionResult & { error?: string }> {
  return new Promise((resolve) => {
    child.once('error', (err) => resolve({ code: 127, signal: null, error: err.message }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

function stopChild(child: ChildProcess, graceMs: number): void {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  timer.unref();
  child.once('exit', () => clearTimeout(timer));
}
