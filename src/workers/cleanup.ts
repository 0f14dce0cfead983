/**
 * `weft cleanup` as a library call: remove workers' worktrees AND branches.
 * Only what the registry says weft created is touched. A worker is refused
 * (and left alone) while it runs, when its branch has commits no other branch,
 * tag or remote holds (they are listed), or when its worktree has uncommitted
 * changes — unless `force`, which stops it first.
 */
import { stat } from 'node:fs/promises';
import { git } from '../git/git.js';
import { type RepoPaths, resolveRepo } from '../git/repo-paths.js';
import { branchExists, removeWorktree } from '../git/worktree.js';
import { findWorker } from './find-worker.js';
import { livenessOf } from './liveness.js';
import type { WorkerRecord } from './record.js';
import { WorkerRegistry } from './registry.js';
import { stopWorker } from './stop-worker.js';

export interface CleanupOptions {
  cwd: string;
  /** One worker (id or branch). Without it, every worker. */
  worker?: string;
  force?: boolean;
  killGraceMs?: number;
}

export interface CleanupRefusal {
  /** E_WORKER_RUNNING, E_UNMERGED, E_UNCOMMITTED, or E_GIT when git failed. */
  code: string;
  id: string;
  branch: string;
  reason: string;
  details: string[];
}

export interface CleanupReport {
  removed: { id: string; branch: string; stopped: boolean; droppedCommits: string[] }[];
  refused: CleanupRefusal[];
  /** Registry entries whose worktree and branch were already gone, or whose record was unreadable. */
  pruned: string[];
}

/** Commits only this branch holds: deleting it would lose them. */
export async function unmergedCommits(repo: RepoPaths, branch: string): Promise<string[]> {
  const r = await git(
    [
      'log',
      '--oneline',
      '--no-decorate',
      `refs/heads/${branch}`,
      '--not',
      `--exclude=${branch}`,
      '--branches',
      '--tags',
      '--remotes',
      '--',
    ],
    { cwd: repo.top },
  );
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** Uncommitted changes in the worktree, except the files weft itself put there. */
async function dirtyFiles(worktree: string, weftFiles: readonly string[]): Promise<string[]> {
  const r = await git(['status', '--porcelain', '-z', '--untracked-files=all'], {
    cwd: worktree,
    okCodes: [128],
  });
  if (r.exitCode !== 0) return [];
  const ours = new Set(weftFiles);
  const entries = r.stdout.split('\0');
  const dirty: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as string;
    if (entry === '') continue;
    // A rename's entry is followed by its source path.
    if (entry[0] === 'R' || entry[0] === 'C') i++;
    if (!ours.has(entry.slice(3))) dirty.push(entry);
  }
  return dirty;
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

async function cleanOne(
  registry: WorkerRegistry,
  record: WorkerRecord,
  options: CleanupOptions,
  report: CleanupReport,
): Promise<void> {
  const repo = registry.repo;
  const refuse = (code: string, reason: string, details: string[] = []): void => {
    report.refused.push({ code, id: record.id, branch: record.branch, reason, details });
  };
  const live = livenessOf(record);
  const running = (record.state === 'running' && live.ownerAlive) || live.agentAlive;
  if (running && !options.force) return refuse('E_WORKER_RUNNING', 'it is running', ['stop it with --force']);
  let current = record;
  if (running || record.state === 'running')
    current = await stopWorker(registry, record, options.killGraceMs);

  const [hasBranch, hasTree] = await Promise.all([
    branchExists(current.branch, repo.top),
    exists(current.worktree),
  ]);
  const dropped = hasBranch ? await unmergedCommits(repo, current.branch) : [];
  if (!options.force) {
    if (dropped.length > 0) {
      return refuse('E_UNMERGED', `${current.branch} has ${dropped.length} commit(s) on no other branch`, [
        ...dropped,
        `merge them (e.g. \`git merge ${current.branch}\`) or use --force to delete them`,
      ]);
    }
    const dirty = hasTree ? await dirtyFiles(current.worktree, current.weftFiles) : [];
    if (dirty.length > 0) {
      return refuse('E_UNCOMMITTED', 'its worktree has uncommitted changes', [
        ...dirty.slice(0, 20),
        'use --force to discard them',
      ]);
    }
  }
  if (hasBranch || hasTree) await removeWorktree(repo, { path: current.worktree, branch: current.branch });
  await registry.remove(current.id);
  if (hasBranch || hasTree) {
    report.removed.push({
      id: current.id,
      branch: current.branch,
      stopped: running,
      droppedCommits: dropped,
    });
  } else {
    report.pruned.push(current.id);
  }
}

export async function cleanupWorkers(options: CleanupOptions): Promise<CleanupReport> {
  const registry = new WorkerRegistry(await resolveRepo(options.cwd));
  const records = await registry.list();
  const chosen = options.worker === undefined ? records : [findWorker(records, options.worker)];
  const report: CleanupReport = { removed: [], refused: [], pruned: [] };
  for (const record of chosen) {
    try {
      await cleanOne(registry, record, options, report);
    } catch (err) {
      report.refused.push({
        code: 'E_GIT',
        id: record.id,
        branch: record.branch,
        reason: (err as Error).message,
        details: [],
      });
    }
  }
  if (options.worker === undefined) {
    for (const id of await registry.unreadable()) {
      await registry.remove(id);
      report.pruned.push(id);
    }
  }
  return report;
}
