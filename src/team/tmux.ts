/**
 * A thin typed wrapper over the tmux binary: argv arrays only, never a
 * shell string. A new window runs its command as argv too — tmux passes a
 * command of two or more arguments straight to execvp (a single argument
 * would go through `sh -c`, so callers always give at least two).
 *
 * `socket` selects a server by socket path (`tmux -S`); without it weft uses
 * the user's default server. Tests use a private socket so they never touch
 * a user's tmux.
 */
import { execa } from 'execa';
import { findOnPath } from '../agents/find-binary.js';
import { RefusedError } from '../errors.js';

export class TmuxError extends RefusedError {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    exitCode: number | undefined,
  ) {
    super(
      'E_TMUX',
      `tmux ${args.join(' ')} failed${exitCode === undefined ? '' : ` (exit ${exitCode})`}: ${stderr.trim()}`,
    );
  }
}

export interface NewWindowSpec {
  name: string;
  cwd: string;
  /** argv of the program the window runs; two arguments or more. */
  command: string[];
  env?: Record<string, string>;
}

/** tmux's answer when there is no server or no such session: not an error for a query. */
const NO_SERVER = /no server running|error connecting|can't find session|session not found|no such file/i;

export class Tmux {
  constructor(readonly socket?: string) {}

  /** argv prefix that selects the server, for commands shown to the user. */
  get serverArgs(): string[] {
    return this.socket === undefined ? [] : ['-S', this.socket];
  }

  async run(args: readonly string[]): Promise<string> {
    const full = [...this.serverArgs, ...args];
    const r = await execa('tmux', full, { reject: false, stdin: 'ignore', stripFinalNewline: true });
    if (r.exitCode !== 0) throw new TmuxError(full, String(r.stderr ?? r.message ?? ''), r.exitCode);
    return String(r.stdout);
  }

  async hasSession(session: string): Promise<boolean> {
    // `=name` matches the session name exactly (no prefix match).
    const r = await execa('tmux', [...this.serverArgs, 'has-session', '-t', `=${session}`], {
      reject: false,
      stdin: 'ignore',
    });
    return r.exitCode === 0;
  }

  /** Create a detached session whose first window runs `first`; returns the window id (`@3`). */
  async newSession(session: string, first: NewWindowSpec): Promise<string> {
    assertArgv(first.command);
    const out = await this.run([
      'new-session',
      '-d',
      '-P',
      '-F',
      '#{window_id}',
      '-s',
      session,
      '-n',
      first.name,
      '-x',
      '200',
      '-y',
      '50',
      '-c',
      first.cwd,
      ...envArgs(first.env),
      '--',
      ...first.command,
    ]);
    return out.trim();
  }

  /** Add a window at tab `index` (or the next free one); returns its id. */
  async newWindow(session: string, spec: NewWindowSpec, index?: number): Promise<string> {
    assertArgv(spec.command);
    const target = index === undefined ? `=${session}:` : `=${session}:${index}`;
    const out = await this.run([
      'new-window',
      '-d',
      '-P',
      '-F',
      '#{window_id}',
      '-t',
      target,
      '-n',
      spec.name,
      '-c',
      spec.cwd,
      ...envArgs(spec.env),
      '--',
      ...spec.command,
    ]);
    return out.trim();
  }

  /** Put a window at tab `index` of its session (weft numbers role windows 1, 2, 3… whatever tmux's base-index). */
  async moveWindow(windowId: string, session: string, index: number): Promise<void> {
    await this.run(['move-window', '-s', windowId, '-t', `=${session}:${index}`]);
  }

  /** One line per window: `format` fields separated by tabs. Empty when the session is gone. */
  async listWindows(session: string, fields: readonly string[]): Promise<string[][]> {
    const r = await execa(
      'tmux',
      [
        ...this.serverArgs,
        'list-windows',
        '-t',
        `=${session}`,
        '-F',
        fields.map((f) => `#{${f}}`).join('\t'),
      ],
      { reject: false, stdin: 'ignore', stripFinalNewline: true },
    );
    if (r.exitCode !== 0) {
      if (NO_SERVER.test(String(r.stderr))) return [];
      throw new TmuxError(['list-windows', '-t', session], String(r.stderr), r.exitCode);
    }
    return String(r.stdout)
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t'));
  }

  /** Type `text` literally into a window, then press Enter. */
  async sendLine(target: string, text: string): Promise<void> {
    await this.run(['send-keys', '-t', target, '-l', '--', text]);
    await this.run(['send-keys', '-t', target, 'Enter']);
  }

  async capturePane(target: string): Promise<string> {
    return this.run(['capture-pane', '-p', '-J', '-t', target]);
  }

  async killSession(session: string): Promise<void> {
    const r = await execa('tmux', [...this.serverArgs, 'kill-session', '-t', `=${session}`], {
      reject: false,
      stdin: 'ignore',
    });
    if (r.exitCode !== 0 && !NO_SERVER.test(String(r.stderr))) {
      throw new TmuxError(['kill-session', '-t', session], String(r.stderr), r.exitCode);
    }
  }
}

function assertArgv(command: readonly string[]): void {
  // One argument would be run by `sh -c`: never let that happen to a command weft builds.
  if (command.length < 2)
    throw new Error(`a tmux window command needs two or more arguments, got ${command.length}`);
}

function envArgs(env: Record<string, string> | undefined): string[] {
  return Object.entries(env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
}

/** Refuse early, with an install hint, when tmux is not installed. */
export function assertTmuxAvailable(env: NodeJS.ProcessEnv = process.env): void {
  if (findOnPath('tmux', env) !== undefined) return;
  throw new RefusedError('E_TMUX_MISSING', 'weft team needs tmux, which is not on PATH', {
    details: ['install it: apt-get install tmux (Debian/Ubuntu), brew install tmux (macOS)'],
  });
}
