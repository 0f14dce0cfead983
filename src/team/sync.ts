/**
 * `weft team sync` (seed 004's "orchestrator merges"): every role branch is
 * merged into the team's integration branch in tab order, with weft run's
 * integration (merge-tree + commit-tree + compare-and-swap update-ref: no
 * checkout, nothing touched in any worktree). A conflicting branch is left
 * out and reported; the others still merge. Then each role is told what
 * changed: see sync-notices.ts.
 */
import { RefusedError } from '../errors.js';
import { git, gitOut } from '../git/git.js';
import { changedFiles, integrateBranch, resolveCommits, worktreesOnBranch } from '../git/merge.js';
import { resolveRepo } from '../git/repo-paths.js';
import { requireTeam } from './find.js';
import { teamPaths, writeJson } from './store.js';
import { type RoleNotice, tellRoles } from './sync-notices.js';

export type BranchMergeStatus = 'merged' | 'up-to-date' | 'conflict' | 'missing';

export interface BranchMerge {
  role: string;
  branch: string;
  status: BranchMergeStatus;
  /** Files the branch brought in (merged), or the conflicting files (conflict). */
  files: string[];
  /** The merge commit on the integration branch. */
  commit?: string;
}

export interface TeamSyncReport {
  at: string;
  integrationBranch: string;
  before: string;
  after: string;
  merges: BranchMerge[];
  notices: RoleNotice[];
}

export interface TeamSyncOptions {
  cwd: string;
  /** Type a one-line message into each running role's window (default true); the file is always written. */
  message?: boolean;
  env?: NodeJS.ProcessEnv;
}

const FALLBACK_IDENTITY = {
  GIT_AUTHOR_NAME: 'weft',
  GIT_AUTHOR_EMAIL: 'weft@localhost',
  GIT_COMMITTER_NAME: 'weft',
  GIT_COMMITTER_EMAIL: 'weft@localhost',
};

async function identity(top: string): Promise<Record<string, string>> {
  const r = await git(['var', 'GIT_COMMITTER_IDENT'], { cwd: top, okCodes: [128] });
  return r.exitCode === 0 ? {} : FALLBACK_IDENTITY;
}

export async function syncTeam(options: TeamSyncOptions): Promise<TeamSyncReport> {
  const env = options.env ?? process.env;
  const repo = await resolveRepo(options.cwd);
  const paths = teamPaths(repo.top);
  const team = await requireTeam(paths);
  const integration = team.integrationBranch;
  const checkedOut = await worktreesOnBranch(repo.top, integration);
  if (checkedOut.length > 0) {
    throw new RefusedError(
      'E_INTEGRATION_CHECKED_OUT',
      `${integration} is checked out in ${checkedOut.join(', ')}`,
      {
        details: [
          'weft moves the integration branch without a checkout; switch that worktree to another branch first',
        ],
      },
    );
  }
  const ident = await identity(repo.top);
  const [before] = await resolveCommits(repo.top, [`refs/heads/${integration}`]);
  if (before === undefined) {
    throw new RefusedError(
      'E_NO_INTEGRATION_BRANCH',
      `the team's integration branch ${integration} is missing`,
      {
        details: ['`weft team start` creates it from the base'],
      },
    );
  }
  const merges: BranchMerge[] = [];
  for (const role of team.roles) {
    if (role.branch === undefined) continue;
    const [tip] = await resolveCommits(repo.top, [`refs/heads/${role.branch}`]);
    if (tip === undefined) {
      merges.push({ role: role.name, branch: role.branch, status: 'missing', files: [] });
      continue;
    }
    const r = await integrateBranch({
      repo: repo.top,
      integrationRef: integration,
      branch: `refs/heads/${role.branch}`,
      message: `weft team: merge ${role.name}\n\nBranch: ${role.branch}`,
      env: ident,
    });
    if (r.status === 'merged') {
      const files = await changedFiles(repo.top, r.previous, r.branchCommit);
      merges.push({ role: role.name, branch: role.branch, status: 'merged', files, commit: r.commit });
    } else if (r.status === 'conflict') {
      merges.push({ role: role.name, branch: role.branch, status: 'conflict', files: r.files });
    } else {
      merges.push({ role: role.name, branch: role.branch, status: 'up-to-date', files: [] });
    }
  }
  const after = (
    await gitOut(['rev-parse', '--verify', `refs/heads/${integration}`], { cwd: repo.top })
  ).trim();
  const at = new Date().toISOString();
  const notices = await tellRoles({
    top: repo.top,
    team,
    merges,
    after,
    message: options.message !== false,
    caller: env.WEFT_TEAM_ROLE,
    at,
  });
  const report: TeamSyncReport = { at, integrationBranch: integration, before, after, merges, notices };
  await writeJson(paths.lastSync, report);
  return report;
}
