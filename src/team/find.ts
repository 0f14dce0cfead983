/** Finding the team and one of its roles the ways a user names them. */
import { RefusedError, UsageError } from '../errors.js';
import { readTeam, type TeamPaths, type TeamRecord, type TeamRoleRecord } from './store.js';

export async function requireTeam(paths: TeamPaths): Promise<TeamRecord> {
  const team = await readTeam(paths);
  if (team === undefined) {
    throw new RefusedError('E_NO_TEAM', 'no team in this repository', {
      details: ['start one with `weft team start`'],
    });
  }
  return team;
}

/** By role name (`feature-auth`), its `feature:auth` spelling, window name (`proj-feature-auth`) or tab number. */
export function findTeamRole(team: TeamRecord, name: string): TeamRoleRecord {
  const wanted = name
    .trim()
    .toLowerCase()
    .replace(/^feature:/, 'feature-');
  const role = team.roles.find(
    (r) => r.name === wanted || r.window.toLowerCase() === wanted || String(r.tab) === wanted,
  );
  if (role === undefined) {
    throw new UsageError(`the team has no role "${name}"`, {
      details: [`roles: ${team.roles.map((r) => `${r.tab} ${r.name}`).join(', ')}`],
    });
  }
  return role;
}
