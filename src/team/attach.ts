/**
 * `weft attach <role>`: how to get to a role's window. Inside tmux on the
 * same server, switch the current client to it; otherwise attach a new
 * client to the session with that window selected. Without a terminal
 * there is nothing to attach: the caller prints the command instead.
 */
import { join, resolve } from 'node:path';
import { RefusedError } from '../errors.js';
import { resolveRepo } from '../git/repo-paths.js';
import { findTeamRole, requireTeam } from './find.js';
import type { TeamRoleRecord } from './store.js';
import { teamPaths } from './store.js';
import { Tmux } from './tmux.js';

export interface AttachPlan {
  role: TeamRoleRecord;
  session: string;
  /** `switch`: run `argv` and return (already in tmux); `attach`: run it on the terminal. */
  mode: 'switch' | 'attach';
  /** Full tmux argv (argv[0] is `tmux`). */
  argv: string[];
}

/** `$TMUX` is `<socket path>,<pid>,<session index>`: the server this process is inside, if any. */
function currentServer(env: NodeJS.ProcessEnv): string | undefined {
  const v = env.TMUX;
  if (v === undefined || v === '') return undefined;
  return v.split(',')[0];
}

/** Where tmux puts its default server's socket. */
function defaultSocket(env: NodeJS.ProcessEnv): string {
  const dir = env.TMUX_TMPDIR !== undefined && env.TMUX_TMPDIR !== '' ? env.TMUX_TMPDIR : '/tmp';
  return join(dir, `tmux-${process.getuid?.() ?? 0}`, 'default');
}

export async function planAttach(options: {
  cwd: string;
  role: string;
  env?: NodeJS.ProcessEnv;
}): Promise<AttachPlan> {
  const env = options.env ?? process.env;
  const repo = await resolveRepo(options.cwd);
  const team = await requireTeam(teamPaths(repo.top));
  const role = findTeamRole(team, options.role);
  const tmux = new Tmux(team.socket);
  if (team.state !== 'running' || !(await tmux.hasSession(team.session))) {
    throw new RefusedError('E_TEAM_NOT_RUNNING', 'the team is not running', {
      details: ['start it with `weft team start`'],
    });
  }
  const target = `=${team.session}:${role.window}`;
  const inside = currentServer(env);
  const sameServer = inside !== undefined && resolve(inside) === resolve(team.socket ?? defaultSocket(env));
  if (sameServer) {
    return {
      role,
      session: team.session,
      mode: 'switch',
      argv: ['tmux', ...tmux.serverArgs, 'switch-client', '-t', target],
    };
  }
  return {
    role,
    session: team.session,
    mode: 'attach',
    argv: ['tmux', ...tmux.serverArgs, 'attach-session', '-t', target],
  };
}
