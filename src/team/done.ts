/**
 * `weft team done [role]`: a role reports its part finished (seed 004's
 * "signals completion"). From inside a role's window the role comes from
 * `WEFT_TEAM_ROLE`. Roles waiting on it start once all they wait for are done.
 */
import { UsageError } from '../errors.js';
import { resolveRepo } from '../git/repo-paths.js';
import { findTeamRole, requireTeam } from './find.js';
import { readDone, type TeamRecord, teamPaths, writeJson } from './store.js';

export interface TeamDoneResult {
  role: string;
  /** Roles whose agents start now because of this. */
  released: string[];
  /** Roles still waiting, with what they wait for. */
  stillWaiting: { role: string; pending: string[] }[];
}

export async function markRoleDone(options: {
  cwd: string;
  role?: string;
  note?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<TeamDoneResult> {
  const env = options.env ?? process.env;
  const repo = await resolveRepo(options.cwd);
  const paths = teamPaths(repo.top);
  const team = await requireTeam(paths);
  const name = options.role ?? env.WEFT_TEAM_ROLE;
  if (name === undefined || name === '') {
    throw new UsageError('which role is done?', {
      details: ['weft team done <role> (inside a role window the role is known)'],
    });
  }
  const role = findTeamRole(team, name);
  await writeJson(paths.done(role.name), {
    at: new Date().toISOString(),
    ...(options.note === undefined ? {} : { note: options.note }),
  });
  return { role: role.name, ...(await dependents(team, paths, role.name)) };
}

async function dependents(
  team: TeamRecord,
  paths: ReturnType<typeof teamPaths>,
  role: string,
): Promise<Omit<TeamDoneResult, 'role'>> {
  const released: string[] = [];
  const stillWaiting: TeamDoneResult['stillWaiting'] = [];
  for (const r of team.roles.filter((x) => x.waitsFor.includes(role))) {
    const done = await Promise.all(r.waitsFor.map((w) => readDone(paths, w)));
    const pending = r.waitsFor.filter((_, i) => done[i] === undefined);
    if (pending.length === 0) released.push(r.name);
    else stillWaiting.push({ role: r.name, pending });
  }
  return { released, stillWaiting };
}
