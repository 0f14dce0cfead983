/**
 * `weft team status`: each role's window, branch, state and last activity.
 * Read from files each writer keeps current (team.json, the roles' runtime
 * files, done markers), tmux (is the window there, when did it last print)
 * and git (commits ahead of the base, last commit): the reader never needs
 * a writer alive.
 */
import { git } from '../git/git.js';
import { resolveRepo } from '../git/repo-paths.js';
import { requireTeam } from './find.js';
import {
  type DoneMarker,
  type RoleRuntime,
  readDone,
  readRuntime,
  type TeamRecord,
  type TeamRoleRecord,
  teamPaths,
} from './store.js';
import { Tmux } from './tmux.js';

export type TeamRoleState =
  /** The window is up but its process has not reported yet. */
  | 'starting'
  /** Waiting for the roles it depends on to report done. */
  | 'waiting'
  | 'running'
  /** Running, but quiet past the idle threshold: probably waiting for the user. */
  | 'needs-input'
  /** Reported done (`weft team done`). */
  | 'done'
  /** The agent ended and the role did not report done. */
  | 'exited'
  /** The window was closed while the session runs. */
  | 'gone'
  /** The team's tmux session is not running. */
  | 'stopped';

export interface RoleStateInputs {
  sessionAlive: boolean;
  windowAlive: boolean;
  runtime?: RoleRuntime;
  done?: DoneMarker;
}

export function roleState(i: RoleStateInputs): TeamRoleState {
  if (i.done !== undefined) return 'done';
  if (!i.sessionAlive) return 'stopped';
  if (!i.windowAlive) return 'gone';
  if (i.runtime === undefined) return 'starting';
  switch (i.runtime.state) {
    case 'waiting':
      return 'waiting';
    case 'running':
      return i.runtime.needsInputSince === undefined ? 'running' : 'needs-input';
    case 'exited':
      return 'exited';
  }
}

export interface TeamRoleStatus {
  role: string;
  tab: number;
  window: string;
  branch?: string;
  cwd: string;
  state: TeamRoleState;
  /** Roles it still waits for. */
  waitingFor: string[];
  /** Commits on its branch since the team's base. */
  commitsAhead?: number;
  lastCommitAt?: string;
  /** When its window last printed anything. */
  lastActivityAt?: string;
  needsInputSince?: string;
  doneAt?: string;
  exitCode?: number | null;
}

export interface TeamStatus {
  team: TeamRecord;
  /** The tmux session is up. */
  running: boolean;
  roles: TeamRoleStatus[];
}

async function branchFacts(
  top: string,
  team: TeamRecord,
): Promise<Map<string, { ahead?: number; lastCommitAt?: string }>> {
  const facts = new Map<string, { ahead?: number; lastCommitAt?: string }>();
  const refs = await git(
    ['for-each-ref', '--format=%(refname:short)%09%(committerdate:iso-strict)', 'refs/heads/team/'],
    { cwd: top },
  );
  for (const line of refs.stdout.split('\n').filter((l) => l !== '')) {
    const [name, date] = line.split('\t');
    if (name !== undefined) facts.set(name, { lastCommitAt: date });
  }
  await Promise.all(
    team.roles.map(async (r) => {
      const f = r.branch === undefined ? undefined : facts.get(r.branch);
      if (f === undefined) return;
      const count = await git(['rev-list', '--count', `${team.base.commit}..refs/heads/${r.branch}`], {
        cwd: top,
        okCodes: [128],
      });
      if (count.exitCode === 0) f.ahead = Number(count.stdout.trim());
    }),
  );
  return facts;
}

export async function teamStatus(options: { cwd: string }): Promise<TeamStatus> {
  const repo = await resolveRepo(options.cwd);
  const paths = teamPaths(repo.top);
  const team = await requireTeam(paths);
  const tmux = new Tmux(team.socket);
  const [windows, facts] = await Promise.all([
    team.state === 'running'
      ? tmux.listWindows(team.session, ['window_id', 'window_activity'])
      : Promise.resolve([]),
    branchFacts(repo.top, team),
  ]);
  const activity = new Map(windows.map(([id, at]) => [id, Number(at) * 1000]));
  const sessionAlive = windows.length > 0;
  const roles = await Promise.all(
    team.roles.map(async (r: TeamRoleRecord): Promise<TeamRoleStatus> => {
      const [runtime, done, waits] = await Promise.all([
        readRuntime(paths, r.name),
        readDone(paths, r.name),
        Promise.all(r.waitsFor.map((w) => readDone(paths, w))),
      ]);
      const at = r.windowId === undefined ? undefined : activity.get(r.windowId);
      const state = roleState({ sessionAlive, windowAlive: at !== undefined, runtime, done });
      const fact = r.branch === undefined ? undefined : facts.get(r.branch);
      return {
        role: r.name,
        tab: r.tab,
        window: r.window,
        ...(r.branch === undefined ? {} : { branch: r.branch }),
        cwd: r.cwd,
        state,
        waitingFor: state === 'waiting' ? r.waitsFor.filter((_, i) => waits[i] === undefined) : [],
        ...(fact?.ahead === undefined ? {} : { commitsAhead: fact.ahead }),
        ...(fact?.lastCommitAt === undefined ? {} : { lastCommitAt: fact.lastCommitAt }),
        ...(at === undefined || !(at > 0) ? {} : { lastActivityAt: new Date(at).toISOString() }),
        ...(state === 'needs-input' && runtime?.needsInputSince
          ? { needsInputSince: runtime.needsInputSince }
          : {}),
        ...(done === undefined ? {} : { doneAt: done.at }),
        ...(runtime?.state === 'exited' ? { exitCode: runtime.exitCode ?? null } : {}),
      };
    }),
  );
  return { team, running: sessionAlive, roles };
}
