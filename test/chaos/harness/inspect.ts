/**
 * After a run (and any resumes) ended: what was lost, duplicated, orphaned or
 * left locked? Every count should be zero. Reads only the repository, the
 * session folders and the process table — what a user could look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GIT_TEST_ENV } from '../../support/repo.js';
import { type JournalEvent, readJournal, sessionDirs } from '../../support/run-helpers.js';
import { type ProcessInfo, strayProcesses } from './processes.js';

export interface Damage {
  /** Tasks that should have been merged and were not (or whose file is missing on the branch). */
  lostTasks: string[];
  /** Commits a worker made that no branch weft reported contains. */
  lostCommits: string[];
  /** Tasks merged more than once (journal or integration history). */
  duplicateMerges: string[];
  orphanProcesses: ProcessInfo[];
  /** Lock files of finished runs, git lock files. */
  staleLocks: string[];
  /** Worktrees or `.trees/` folders left after the run finished. */
  orphanWorktrees: string[];
  /** The summary does not account for every task. */
  unaccounted: string[];
  /** `git fsck` problems. */
  corrupt: string[];
  /** First-parent commits of the integration branch that weft's integrator did not make (e.g. an agent's). */
  foreignOnIntegration: string[];
  /** The user's own checkout (the main worktree) was switched off its branch. */
  userCheckoutMoved: string[];
}

export interface InspectSpec {
  repo: string;
  /** Task ids that must end merged, each with a file `<file>` holding its work. */
  mustMerge: readonly { id: string; file: string }[];
  /** Every task id of the task file (for the summary's accounting). */
  allTasks: readonly string[];
  /** `<commit> <task>` lines the fake agents appended when they committed. */
  commitLog?: string;
  /** `NAME=value` in the environment of every process the run started. */
  marker?: string;
  /**
   * Branch and worktree prefixes weft named in a message (e.g. where the work of
   * a run that cannot be resumed is kept): reported, so neither lost nor orphaned.
   */
  toldAbout?: string[];
  /** Tips of branches the user deleted by hand: their commits are the user's loss, not weft's. */
  forgotten?: string[];
  /** The session folder of the run to judge (default: the newest finished one). */
  session?: string;
}

export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_TEST_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function gitOk(repo: string, ...args: string[]): boolean {
  try {
    git(repo, ...args);
    return true;
  } catch {
    return false;
  }
}

export function total(d: Damage): number {
  return (
    d.lostTasks.length +
    d.lostCommits.length +
    d.duplicateMerges.length +
    d.orphanProcesses.length +
    d.staleLocks.length +
    d.orphanWorktrees.length +
    d.unaccounted.length +
    d.corrupt.length +
    d.foreignOnIntegration.length +
    d.userCheckoutMoved.length
  );
}

export function describeDamage(d: Damage): string {
  const parts = Object.entries(d)
    .filter(([, v]) => Array.isArray(v) && v.length > 0)
    .map(([k, v]) => `${k}: ${JSON.stringify(v).slice(0, 400)}`);
  return parts.length === 0 ? 'none' : parts.join('; ');
}

interface FinalRun {
  events: JournalEvent[];
  summary?: {
    total: number;
    merged: number;
    failed: number;
    skipped: number;
    conflicted: number;
    integrationBranch: string;
    unmergedBranches: string[];
  };
}

function finalRun(repo: string, only?: string): FinalRun | undefined {
  const dirs = only === undefined ? sessionDirs(repo) : [only];
  for (const dir of [...dirs].reverse()) {
    const events = readJournal(dir);
    const fin = events.findLast((e) => e.type === 'run.finished');
    if (fin) return { events, summary: fin.summary as FinalRun['summary'] };
  }
  const last = dirs.at(-1);
  return last ? { events: readJournal(last) } : undefined;
}

function told(spec: InspectSpec, name: string): boolean {
  return (spec.toldAbout ?? []).some((p) => name.startsWith(p));
}

export function inspectRun(spec: InspectSpec): Damage {
  const { repo } = spec;
  const d: Damage = {
    lostTasks: [],
    lostCommits: [],
    duplicateMerges: [],
    orphanProcesses: strayProcesses(repo, spec.marker),
    staleLocks: staleLocks(repo),
    orphanWorktrees: orphanWorktrees(repo).filter((w) => !told(spec, w)),
    unaccounted: [],
    corrupt: fsck(repo),
    foreignOnIntegration: [],
    userCheckoutMoved: gitOk(repo, 'symbolic-ref', '-q', 'HEAD')
      ? git(repo, 'symbolic-ref', 'HEAD') === 'refs/heads/main'
        ? []
        : [git(repo, 'symbolic-ref', 'HEAD')]
      : ['detached HEAD'],
  };
  const fin = finalRun(repo, spec.session);
  const summary = fin?.summary;
  if (!summary) {
    d.unaccounted.push('no finished run');
    d.lostTasks.push(...spec.mustMerge.map((t) => t.id));
    return d;
  }
  const integration = summary.integrationBranch;
  for (const t of spec.mustMerge) {
    if (!gitOk(repo, 'cat-file', '-e', `refs/heads/${integration}:${t.file}`)) d.lostTasks.push(t.id);
  }
  const counted = summary.merged + summary.failed + summary.skipped + summary.conflicted;
  if (summary.total !== spec.allTasks.length || counted !== summary.total) {
    d.unaccounted.push(
      `total ${summary.total} of ${spec.allTasks.length}; merged+failed+skipped+conflicted = ${counted}`,
    );
  }
  d.duplicateMerges = duplicateMerges(repo, integration, spec.allTasks);
  const base = fin.events.find((e) => e.type === 'run.started')?.baseCommit as string | undefined;
  // Nothing the run did may move the user's branch (no --merge-into in these runs).
  if (base && git(repo, 'rev-parse', 'refs/heads/main') !== base) d.userCheckoutMoved.push('main moved');
  if (base) {
    d.foreignOnIntegration = git(
      repo,
      'log',
      '--first-parent',
      '--format=%h %s',
      `${base}..refs/heads/${integration}`,
    )
      .split('\n')
      .filter((l) => l !== '' && !/^\S+ weft: (merge|revert) /.test(l));
  }
  for (const dir of sessionDirs(repo)) {
    const merged = new Map<string, number>();
    for (const e of readJournal(dir)) {
      if (e.type === 'task.merged' && e.taskId) merged.set(e.taskId, (merged.get(e.taskId) ?? 0) + 1);
    }
    for (const [id, n] of merged) if (n > 1) d.duplicateMerges.push(`${id} (journal ×${n})`);
  }
  const toldBranches = git(repo, 'for-each-ref', '--format=%(refname:strip=2)', 'refs/heads/')
    .split('\n')
    .filter((b) => b !== '' && told(spec, b));
  const forgotten = (c: string): boolean =>
    (spec.forgotten ?? []).some((tip) => gitOk(repo, 'merge-base', '--is-ancestor', c, tip));
  d.lostCommits = lostCommits(
    repo,
    [integration, ...summary.unmergedBranches, ...toldBranches],
    workerCommits(spec, fin),
  ).filter((c) => !forgotten(c));
  return d;
}

/** Commits the agents made (their log) and the tips weft recorded or left on attempt branches. */
function workerCommits(spec: InspectSpec, fin: FinalRun): string[] {
  const commits = new Set<string>();
  if (spec.commitLog && existsSync(spec.commitLog)) {
    for (const line of readFileSync(spec.commitLog, 'utf8').split('\n')) {
      const sha = line.split(' ')[0];
      if (sha) commits.add(sha);
    }
  }
  for (const dir of sessionDirs(spec.repo)) {
    for (const e of readJournal(dir)) {
      if (e.type === 'task.finished' && typeof e.commit === 'string' && e.commit) commits.add(e.commit);
    }
  }
  // Every attempt branch still there must be reported (or be merged).
  const runId = fin.events.find((e) => e.type === 'run.started')?.runId;
  const prefix = runId ? `refs/heads/weft/tasks/${runId}/` : 'refs/heads/weft/tasks/';
  for (const line of git(spec.repo, 'for-each-ref', '--format=%(objectname)', prefix).split('\n')) {
    if (line) commits.add(line);
  }
  return [...commits];
}

function lostCommits(repo: string, reported: readonly string[], commits: readonly string[]): string[] {
  const refs = reported.map((b) => `refs/heads/${b}`).filter((r) => gitOk(repo, 'rev-parse', '--verify', r));
  return commits.filter((c) => !refs.some((r) => gitOk(repo, 'merge-base', '--is-ancestor', c, r)));
}

function duplicateMerges(repo: string, integration: string, tasks: readonly string[]): string[] {
  const subjects = git(repo, 'log', '--first-parent', '--format=%s', `refs/heads/${integration}`).split('\n');
  const dups: string[] = [];
  for (const id of tasks) {
    const merges = subjects.filter((s) => s === `weft: merge ${id}` || s.startsWith(`weft: merge ${id}:`));
    const reverts = subjects.filter((s) => s.startsWith(`weft: revert ${id}:`));
    if (merges.length - reverts.length > 1) dups.push(`${id} (history ×${merges.length - reverts.length})`);
  }
  return dups;
}

function staleLocks(repo: string): string[] {
  const found: string[] = [];
  const weft = join(repo, '.weft');
  for (const name of existsSync(weft) ? readdirSync(weft) : []) {
    if (name.startsWith('session.lock')) found.push(`.weft/${name}`);
  }
  for (const dir of sessionDirs(repo)) {
    const finished = readJournal(dir).some((e) => e.type === 'run.finished');
    const locks = join(dir, 'locks');
    if (!finished || !existsSync(locks)) continue;
    for (const name of readdirSync(locks)) found.push(`${dir.slice(repo.length + 1)}/locks/${name}`);
  }
  const gitDir = join(repo, '.git');
  for (const name of readdirSync(gitDir)) {
    if (name.startsWith('weft.lock') || name.endsWith('.lock')) found.push(`.git/${name}`);
  }
  const worktrees = join(gitDir, 'worktrees');
  for (const wt of existsSync(worktrees) ? readdirSync(worktrees) : []) {
    for (const name of readdirSync(join(worktrees, wt))) {
      if (name.endsWith('.lock') || name === 'locked') found.push(`.git/worktrees/${wt}/${name}`);
    }
  }
  return found;
}

/**
 * Worktrees left holding a branch after the run (a branch weft reported cannot
 * be deleted while checked out), and folders under `.trees/` git does not know.
 * Detached worktrees under `.trees/weft/` are weft's pool, kept on purpose.
 */
function orphanWorktrees(repo: string): string[] {
  const blocks = git(repo, 'worktree', 'list', '--porcelain').split('\n\n');
  const registered = new Set<string>();
  const found: string[] = [];
  for (const block of blocks) {
    const path = /^worktree (.+)$/m.exec(block)?.[1];
    if (!path || path === repo) continue;
    registered.add(path);
    const pooled = path.startsWith(`${join(repo, '.trees', 'weft')}/`) && /^detached$/m.test(block);
    if (!pooled) found.push(path);
  }
  const walk = (dir: string, depth: number): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const path = join(dir, e.name);
      if (existsSync(join(path, '.git'))) {
        if (!registered.has(path)) found.push(path);
      } else if (depth < 4) walk(path, depth + 1);
    }
  };
  if (existsSync(join(repo, '.trees'))) walk(join(repo, '.trees'), 0);
  return found.map((p) => p.slice(repo.length + 1));
}

function fsck(repo: string): string[] {
  try {
    git(repo, 'fsck', '--no-progress', '--no-dangling');
    return [];
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    return [(e.stderr || e.stdout || e.message).trim().split('\n')[0] ?? 'fsck failed'];
  }
}
