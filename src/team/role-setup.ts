/** Each role's instructions file (in its worktree) and launch file (for its window's process). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentAdapter } from '../agents/types.js';
import { ROLE_FILE, roleInstructions, type TeamContext } from './instructions.js';
import { interactiveLaunch } from './interactive.js';
import { launchEnvOf, type RoleLaunch } from './launch.js';
import type { TeamPaths, TeamRecord, TeamRoleRecord } from './store.js';
import { writeJson } from './store.js';
import { weftShownAs } from './weft-command.js';

export interface RoleSetup {
  record: TeamRecord;
  paths: TeamPaths;
  adapter: AgentAdapter;
  model?: string;
  idleMs: number;
  isolateAgentState: boolean;
  env: NodeJS.ProcessEnv;
  top: string;
}

/** Variables every role's agent sees: its role, its port, and (except planning) the worker depth that stops nesting. */
export function roleVariables(role: TeamRoleRecord): Record<string, string> {
  return {
    WEFT_TEAM_ROLE: role.name,
    PORT: String(role.port),
    ...(role.kind === 'planning' ? {} : { PARALLEL_WORKER_DEPTH: '1' }),
  };
}

export async function writeRoleFiles(s: RoleSetup): Promise<void> {
  const ctx: TeamContext = {
    project: s.record.project,
    goal: s.record.goal,
    integrationBranch: s.record.integrationBranch,
    planFile: join(s.paths.dir, 'plan.md'),
    weft: weftShownAs(s.env),
    roles: s.record.roles,
  };
  const base = launchEnvOf(s.env);
  // The planning role is the top-level session: it may plan, sync and spawn.
  delete base.PARALLEL_WORKER_DEPTH;
  for (const role of s.record.roles) {
    const instructions = roleInstructions(role, ctx);
    const instructionsFile = join(role.cwd, ROLE_FILE);
    await writeFile(instructionsFile, instructions);
    const agent = await interactiveLaunch(
      s.adapter,
      { prompt: instructions, cwd: role.cwd, stateDir: s.paths.agentState(role.name), model: s.model },
      role.window,
      s.env,
      { isolate: s.isolateAgentState },
    );
    const launch: RoleLaunch = {
      version: 1,
      project: s.record.project,
      role: role.name,
      window: role.window,
      tab: role.tab,
      top: s.top,
      cwd: role.cwd,
      ...(role.branch === undefined ? {} : { branch: role.branch }),
      command: agent.command,
      args: agent.args,
      env: { ...base, ...agent.env, ...roleVariables(role) },
      ...(agent.note === undefined ? {} : { note: agent.note }),
      instructionsFile,
      waitsFor: role.waitsFor,
      idleMs: s.idleMs,
      session: s.record.session,
      ...(s.record.socket === undefined ? {} : { socket: s.record.socket }),
    };
    // 0600: the launch file holds the environment, API keys included.
    await writeJson(s.paths.launch(role.name), launch, 0o600);
  }
}
