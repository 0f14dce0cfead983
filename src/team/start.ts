/**
 * `weft team start`: seed 004's parallel sessions as one tmux session with a
 * window per role. Order matters:
 *  1. validate everything (tmux, roles, agent installed, no team running, base);
 *  2. give each role its worktree and branch, `.env` files, instructions and
 *     launch file;
 *  3. open the tmux session, one window per role running weft's role process
 *     (`weft team __role <launch file>`), which starts the agent — the
 *     testing role's only once the feature roles report done.
 * A failure in 2 or 3 undoes what this call made (session, new worktrees,
 * new branches); branches a previous team left are never deleted.
 */
import { rm } from 'node:fs/promises';
import { ensureAgentAvailable, getAdapter } from '../agents/registry.js';
import type { AgentAdapter } from '../agents/types.js';
import { readConfigDocument } from '../config/document.js';
import { RefusedError } from '../errors.js';
import { ensureExcluded } from '../git/exclude.js';
import { git, noCommitError, resolveCommit } from '../git/git.js';
import { type RepoLocation, resolveRepo } from '../git/repo-paths.js';
import { WEFT_EXCLUDES } from '../git/worktree.js';
import { carryOver, carryOverCandidates } from '../workers/carry-over.js';
import { agentConfigOf, loadWorkerConfig } from '../workers/config.js';
import { freePort } from '../workers/port.js';
import { DEFAULT_IDLE_SECONDS, teamConfigOf } from './config.js';
import { ROLE_FILE, SYNC_FILE } from './instructions.js';
import { writeRoleFiles } from './role-setup.js';
import {
  DEFAULT_TEAM_ROLES,
  INTEGRATION_BRANCH,
  parseTeamRoles,
  projectNameOf,
  roleBranch,
  sessionName,
  type TeamRoleSpec,
  windowName,
} from './roles.js';
import { clearRoleFiles, readTeam, type TeamPaths, type TeamRecord, teamPaths, writeJson } from './store.js';
import { assertTmuxAvailable, Tmux } from './tmux.js';
import { weftArgv } from './weft-command.js';
import { ensureRoleWorktree, type RoleWorktree, rollbackRoleWorktree } from './worktrees.js';

export const DEFAULT_TEAM_AGENT = 'claude';
export const ROLE_PROCESS_COMMAND = '__role';

export interface TeamStartOptions {
  cwd: string;
  /** `planning,feature:auth,feature:api,testing,docs` (the default). */
  roles?: string;
  /** Default: config `team.agent`, else `agent`, else claude. */
  agent?: string;
  model?: string;
  /** The team's objective, given to every role. */
  goal?: string;
  /** Base for new role branches (default HEAD). */
  from?: string;
  /** tmux server socket path (default: `WEFT_TMUX_SOCKET`, else the user's default server). */
  socket?: string;
  /** Environment for the agents and the PATH lookups (default process.env). */
  env?: NodeJS.ProcessEnv;
  onEvent?: (e: TeamStartEvent) => void;
}

export type TeamStartEvent =
  | {
      type: 'worktree';
      role: string;
      path: string;
      branch: string;
      how: 'created' | 'checked out' | 'reused';
    }
  | { type: 'carried-over'; role: string; files: string[] }
  | { type: 'window'; role: string; window: string };

interface Validated {
  repo: RepoLocation;
  paths: TeamPaths;
  specs: TeamRoleSpec[];
  agent: string;
  adapter: AgentAdapter;
  model?: string;
  idleMs: number;
  isolateAgentState: boolean;
  tmux: Tmux;
  project: string;
  session: string;
  base: { ref: string; commit: string };
}

async function validate(options: TeamStartOptions, env: NodeJS.ProcessEnv): Promise<Validated> {
  assertTmuxAvailable(env);
  const repo = await resolveRepo(options.cwd);
  const [doc, config] = await Promise.all([readConfigDocument(repo.top), loadWorkerConfig(repo.top)]);
  const team = teamConfigOf(doc);
  const specs = parseTeamRoles(options.roles ?? team.roles ?? DEFAULT_TEAM_ROLES);
  const agent = options.agent ?? team.agent ?? config.agent ?? DEFAULT_TEAM_AGENT;
  const adapter = getAdapter(agent, agentConfigOf(config));
  await ensureAgentAvailable(adapter, env);
  const paths = teamPaths(repo.top);
  const tmux = new Tmux(options.socket ?? (env.WEFT_TMUX_SOCKET || undefined));
  const project = projectNameOf(repo.top);
  const session = sessionName(project);
  const existing = await readTeam(paths);
  if (existing?.state === 'running' && (await new Tmux(existing.socket).hasSession(existing.session))) {
    throw new RefusedError(
      'E_TEAM_RUNNING',
      `the team is already running in tmux session ${existing.session}`,
      {
        details: ['`weft attach <role>` to join it, `weft team stop` to end it'],
      },
    );
  }
  if (await tmux.hasSession(session)) {
    throw new RefusedError('E_TMUX_SESSION_EXISTS', `a tmux session named ${session} already exists`, {
      details: [`end it first: tmux ${[...tmux.serverArgs, 'kill-session', '-t', session].join(' ')}`],
    });
  }
  const ref = options.from ?? (await currentBranchName(repo.cwdTop)) ?? 'HEAD';
  const commit = await resolveCommit(ref, repo.cwdTop);
  if (commit === undefined) throw await noCommitError(ref, repo.cwdTop);
  return {
    repo,
    paths,
    specs,
    agent,
    adapter,
    model: options.model ?? config.agents?.[agent]?.model,
    idleMs: (team.idleSeconds ?? DEFAULT_IDLE_SECONDS) * 1000,
    isolateAgentState: team.isolateAgentState ?? true,
    tmux,
    project,
    session,
    base: { ref, commit },
  };
}

/** The branch checked out where weft runs, to name the base by; undefined when HEAD is detached. */
async function currentBranchName(cwd: string): Promise<string | undefined> {
  const r = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd, okCodes: [1, 128] });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** The integration branch starts at the base; a kept one (from an earlier team) is reused as it is. */
async function ensureIntegrationBranch(top: string, commit: string): Promise<boolean> {
  const r = await git(
    ['update-ref', '-m', 'weft: team integration branch', `refs/heads/${INTEGRATION_BRANCH}`, commit, ''],
    {
      cwd: top,
      okCodes: [1, 128],
    },
  );
  return r.exitCode === 0;
}

export async function startTeam(options: TeamStartOptions): Promise<TeamRecord> {
  const env = options.env ?? process.env;
  const emit = options.onEvent ?? (() => undefined);
  const v = await validate(options, env);
  const made: RoleWorktree[] = [];
  let integrationCreated = false;
  let sessionStarted = false;
  try {
    integrationCreated = await ensureIntegrationBranch(v.repo.top, v.base.commit);
    await ensureExcluded(v.repo, [...WEFT_EXCLUDES, `/${ROLE_FILE}`, `/${SYNC_FILE}`]);
    await clearRoleFiles(v.paths);
    const candidates = await carryOverCandidates(v.repo.top);
    const cwds = new Map<string, string>();
    for (const spec of v.specs) {
      const branch = roleBranch(spec);
      if (branch === undefined) {
        cwds.set(spec.name, v.repo.top);
        continue;
      }
      const wt = await ensureRoleWorktree(v.repo, branch, v.base.commit);
      if (wt.createdWorktree) made.push(wt);
      const how = wt.createdBranch ? 'created' : wt.createdWorktree ? 'checked out' : 'reused';
      emit({ type: 'worktree', role: spec.name, path: wt.path, branch, how });
      const files = await carryOver(v.repo.top, wt.path, candidates);
      if (files.length > 0) emit({ type: 'carried-over', role: spec.name, files });
      cwds.set(spec.name, wt.path);
    }
    const taken = new Set<number>();
    const record: TeamRecord = {
      version: 1,
      project: v.project,
      session: v.session,
      ...(v.tmux.socket === undefined ? {} : { socket: v.tmux.socket }),
      base: v.base,
      integrationBranch: INTEGRATION_BRANCH,
      agent: v.agent,
      ...(options.goal === undefined || options.goal.trim() === '' ? {} : { goal: options.goal.trim() }),
      createdAt: new Date().toISOString(),
      state: 'running',
      roles: [],
    };
    for (const spec of v.specs) {
      const port = await freePort(taken);
      taken.add(port);
      const branch = roleBranch(spec);
      record.roles.push({
        ...spec,
        window: windowName(v.project, spec),
        ...(branch === undefined ? {} : { branch }),
        cwd: cwds.get(spec.name) as string,
        port,
      });
    }
    await writeRoleFiles({
      record,
      paths: v.paths,
      adapter: v.adapter,
      model: v.model,
      idleMs: v.idleMs,
      isolateAgentState: v.isolateAgentState,
      env,
      top: v.repo.top,
    });
    await writeJson(v.paths.team, record);

    const weft = weftArgv();
    for (const role of record.roles) {
      const spec = {
        name: role.window,
        cwd: role.cwd,
        command: [...weft, 'team', ROLE_PROCESS_COMMAND, v.paths.launch(role.name)],
      };
      if (sessionStarted) role.windowId = await v.tmux.newWindow(v.session, spec, role.tab);
      else {
        role.windowId = await v.tmux.newSession(v.session, spec);
        sessionStarted = true;
        // Seed 004 numbers the tabs 1-5: the first window moves to index 1 if tmux's base-index put it elsewhere.
        await v.tmux.moveWindow(role.windowId, v.session, role.tab).catch(() => undefined);
      }
      emit({ type: 'window', role: role.name, window: role.window });
    }
    await writeJson(v.paths.team, record);
    return record;
  } catch (err) {
    if (sessionStarted) await v.tmux.killSession(v.session).catch(() => undefined);
    for (const wt of made.reverse()) await rollbackRoleWorktree(v.repo, wt);
    if (integrationCreated) {
      await git(['update-ref', '-d', `refs/heads/${INTEGRATION_BRANCH}`], { cwd: v.repo.top }).catch(
        () => undefined,
      );
    }
    await clearRoleFiles(v.paths).catch(() => undefined);
    await rm(v.paths.team, { force: true }).catch(() => undefined);
    throw err;
  }
}
