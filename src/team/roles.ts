/**
 * Team roles (seed 004's five tabs): `planning` (the orchestrator, in the
 * main checkout), `feature:<name>` (any number), `testing` (waits for the
 * feature roles) and `docs`. Every role but planning works in its own
 * worktree `.trees/team/<role>` on the branch `team/<role>`. Windows are named
 * by the seed's convention: `<project>-planning`, `<project>-feature-<name>`,
 * `<project>-testing`, `<project>-docs`.
 */
import { UsageError } from '../errors.js';

export type TeamRoleKind = 'planning' | 'feature' | 'testing' | 'docs';

export interface TeamRoleSpec {
  /** `planning`, `feature-auth`, `testing`, `docs`: what `weft attach` and `weft team done` take. */
  name: string;
  kind: TeamRoleKind;
  /** The feature's name, for feature roles. */
  feature?: string;
  /** Tab number, 1-based, in the order given. */
  tab: number;
  /** Roles that must report done before this one's agent starts. */
  waitsFor: string[];
}

export const DEFAULT_TEAM_ROLES = 'planning,feature:auth,feature:api,testing,docs';
export const TEAM_BRANCH_PREFIX = 'team/';
export const INTEGRATION_BRANCH = 'team/integration';

const FEATURE_NAME = /^[a-z0-9][a-z0-9-]{0,29}$/;

function parseOne(item: string): Omit<TeamRoleSpec, 'tab' | 'waitsFor'> {
  const text = item.trim().toLowerCase();
  if (text === 'planning' || text === 'testing' || text === 'docs') return { name: text, kind: text };
  const m = /^feature[:-](.*)$/.exec(text);
  if (m === null) {
    throw new UsageError(`unknown team role "${item.trim()}"`, {
      details: ['roles are planning, feature:<name>, testing and docs, e.g. planning,feature:auth,testing'],
    });
  }
  const feature = m[1] as string;
  if (!FEATURE_NAME.test(feature)) {
    throw new UsageError(`"${feature}" is not a usable feature name`, {
      details: ['lower-case letters, digits and dashes, up to 30 characters'],
    });
  }
  return { name: `feature-${feature}`, kind: 'feature', feature };
}

/** `planning,feature:auth,testing` → role specs in tab order; testing waits for every feature role. */
export function parseTeamRoles(list: string): TeamRoleSpec[] {
  const items = list.split(',').filter((s) => s.trim() !== '');
  if (items.length === 0) throw new UsageError('no team roles given');
  const parsed = items.map(parseOne);
  const seen = new Set<string>();
  for (const r of parsed) {
    if (seen.has(r.name)) throw new UsageError(`team role "${r.name}" is listed twice`);
    seen.add(r.name);
  }
  const features = parsed.filter((r) => r.kind === 'feature').map((r) => r.name);
  return parsed.map((r, i) => ({ ...r, tab: i + 1, waitsFor: r.kind === 'testing' ? features : [] }));
}

/** A role's branch (planning has none: it works in the main checkout). */
export function roleBranch(role: Pick<TeamRoleSpec, 'kind' | 'name'>): string | undefined {
  return role.kind === 'planning' ? undefined : `${TEAM_BRANCH_PREFIX}${role.name}`;
}

/** tmux session and window names cannot hold `.` or `:`; keep them to a safe alphabet. */
export function projectNameOf(top: string): string {
  const base =
    top
      .split(/[\\/]/)
      .filter((s) => s !== '')
      .at(-1) ?? 'project';
  const safe = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return safe === '' ? 'project' : safe.slice(0, 40);
}

export function windowName(project: string, role: Pick<TeamRoleSpec, 'name'>): string {
  return `${project}-${role.name}`;
}

export function sessionName(project: string): string {
  return `weft-${project}`;
}
