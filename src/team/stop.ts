/**
 * `weft team stop`: end the tmux session and keep every branch. The agents
 * are stopped first (closing the session hangs up every window; a process
 * that outlives that is killed), then whatever a role left uncommitted is
 * committed on its branch (never lose work), and the role worktrees are
 * removed unless asked to keep them. `weft team start` later checks the
 * branches out again.
 */
import { lstat, rm } from 'node:fs/promises';
import { git } from '../git/git.js';
import { resolveRepo } from '../git/repo-paths.js';
import { removeWorktree } from '../git/worktree.js';
import { carryOverCandidates } from '../workers/carry-over.js';
import { commitLeftovers } from '../workers/leftovers.js';
import { requireTeam } from './find.js';
import { ROLE_FILE, SYNC_FILE } from './instructions.js';
import { readRuntime, type TeamRecord, teamPaths, writeJson } from './store.js';
import { Tmux } from './tmux.js';

export interface TeamStopOptions {
  cwd: string;
  /** Leave the role worktrees in place (their branches are always kept). */
  keepWorktrees?: boolean;
  /** How long the windows' processes get to end after the hang-up before they are killed (default 5 s). */
  graceMs?: number;
}

export interface RoleStopResult {
  role: string;
  branch?: string;
  /** Uncommitted work was committed on the branch. */
  committedLeftovers: boolean;
  worktreeRemoved: boolean;
  /** Commits on the branch since the team's base. */
  commitsAhead?: number;
}

export interface TeamStopReport {
  team: TeamRecord;
  /** The tmux session was running. */
  wasRunning: boolean;
  roles: RoleStopResult[];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Bounded wait for processes to end (no event reaches us from another process tree), then SIGKILL their groups. */
async function awaitGone(pids: number[], graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const pid of pids.filter(alive)) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone, or not a group leader
      }
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

export async function stopTeam(options: TeamStopOptions): Promise<TeamStopReport> {
  const repo = await resolveRepo(options.cwd);
  const paths = teamPaths(repo.top);
  const team = await requireTeam(paths);
  const tmux = new Tmux(team.socket);
  const panes = team.state === 'running' ? await tmux.listWindows(team.session, ['pane_pid']) : [];
  const wasRunning = panes.length > 0;
  const runtimes = await Promise.all(team.roles.map((r) => readRuntime(paths, r.name)));
  const pids = [
    ...panes.map(([pid]) => Number(pid)),
    ...runtimes.flatMap((r) => (r?.state === 'running' && r.agentPid !== undefined ? [r.agentPid] : [])),
  ].filter((p) => Number.isInteger(p) && p > 0);
  if (wasRunning) await tmux.killSession(team.session);
  await awaitGone(pids, options.graceMs ?? 5000);

  const carried = await carryOverCandidates(repo.top);
  const roles: RoleStopResult[] = [];
  for (const role of team.roles) {
    if (role.branch === undefined) {
      roles.push({ role: role.name, committedLeftovers: false, worktreeRemoved: false });
      continue;
    }
    let committedLeftovers = false;
    let worktreeRemoved = false;
    if (await exists(role.cwd)) {
      committedLeftovers = await commitLeftovers(
        role.cwd,
        `weft team: work ${role.name} left uncommitted when the team stopped`,
        [ROLE_FILE, SYNC_FILE, ...carried],
      );
      if (!options.keepWorktrees) {
        await removeWorktree(repo, { path: role.cwd, branch: role.branch }, { keepBranch: true });
        worktreeRemoved = true;
      }
    }
    const count = await git(['rev-list', '--count', `${team.base.commit}..refs/heads/${role.branch}`], {
      cwd: repo.top,
      okCodes: [128],
    });
    roles.push({
      role: role.name,
      branch: role.branch,
      committedLeftovers,
      worktreeRemoved,
      ...(count.exitCode === 0 ? { commitsAhead: Number(count.stdout.trim()) } : {}),
    });
  }
  // The launch files hold the environment (API keys): they go with the session.
  await Promise.all(team.roles.map((r) => rm(paths.launch(r.name), { force: true })));
  const stopped: TeamRecord = { ...team, state: 'stopped', stoppedAt: new Date().toISOString() };
  await writeJson(paths.team, stopped);
  return { team: stopped, wasRunning, roles };
}
