/**
 * Run a helper command (a notification, the user's hook) without ever
 * delaying or breaking the run: no exception escapes, stdin is written and
 * closed, output is discarded, and after `timeoutMs` its whole process group
 * is killed.
 */
import { spawn } from 'node:child_process';

export interface BoundedCommand {
  command: string;
  args: string[];
  input?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
}

export interface BoundedResult {
  ok: boolean;
  /** Why it did not succeed: an exit code, a signal, a timeout, a failed start. */
  problem?: string;
}

export function runBounded(c: BoundedCommand): Promise<BoundedResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: BoundedResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(c.command, c.args, {
        env: c.env ?? process.env,
        stdio: [c.input === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'],
        detached: true,
      });
    } catch (err) {
      resolve({ ok: false, problem: `cannot start ${c.command}: ${(err as Error).message}` });
      return;
    }
    const timer = setTimeout(() => {
      killGroup(child.pid);
      done({ ok: false, problem: `${c.command} took longer than ${c.timeoutMs} ms and was stopped` });
    }, c.timeoutMs);
    child.once('error', (err) => done({ ok: false, problem: `cannot start ${c.command}: ${err.message}` }));
    child.once('exit', (code, signal) => {
      if (code === 0) done({ ok: true });
      else
        done({ ok: false, problem: `${c.command} exited with ${code === null ? signal : `code ${code}`}` });
    });
    if (c.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {}); // a hook that does not read its input is fine (EPIPE)
      child.stdin.end(c.input);
    }
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
