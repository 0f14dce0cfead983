/**
 * A thin typed wrapper over the git binary. argv arrays only — never a shell
 * string — and `--` before any path a user supplied.
 */
import { spawn } from 'node:child_process';
import { sep } from 'node:path';
import { GitError, NotARepoError, UsageError } from '../errors.js';

export interface GitOptions {
  cwd: string;
  env?: Record<string, string>;
  input?: string;
  /** Exit codes that are answers, not failures (e.g. merge-tree's 1 = conflict). */
  okCodes?: number[];
}

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Environment that keeps git from prompting or paging. */
const QUIET_ENV: Record<string, string> = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  GIT_OPTIONAL_LOCKS: '0',
  LC_ALL: 'C',
};

/** stdout of a git command that must succeed. */
export async function gitOut(args: readonly string[], options: GitOptions): Promise<string> {
  return (await git(args, options)).stdout;
}

/** The top level of the repository containing `cwd` (the main worktree's top for a linked worktree's cwd is NOT returned: this is the current worktree's top). */
export async function repoTop(cwd: string): Promise<string> {
  return gitOut(['rev-parse', '--show-toplevel'], { cwd });
}

/** The common git dir (shared by all worktrees), absolute. */
export async function commonGitDir(cwd: string): Promise<string> {
  return gitOut(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd });
}

/** Resolve a ref to a commit id, or undefined when it does not exist. */
export async function resolveCommit(ref: string, cwd: string): Promise<string | undefined> {
  const r = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {
    cwd,
    okCodes: [1, 128],
  });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/**
 * The error for a ref that names no commit. In a repository without any
 * commit the ref is not the problem: the message says so and how to start.
 */
export async function noCommitError(ref: string, cwd: string, name = `"${ref}"`): Promise<UsageError> {
  if ((await resolveCommit('HEAD', cwd)) === undefined) {
    return new UsageError('this repository has no commit yet, and weft starts each worktree from a commit', {
      details: ['commit your files first, e.g. git add -A && git commit -m "Initial commit"'],
    });
  }
  return new UsageError(`${name} does not name a commit in this repository`);
}

/**
 * A worktree under `.trees/` that was deleted (and its folder made again, say by
 * an agent still writing there) is no repository: git must not walk up into the
 * main worktree and act there — `checkout` or `clean` would hit the user's own
 * checkout. GIT_CEILING_DIRECTORIES stops the search at `.trees/`.
 */
function treesCeiling(cwd: string): Record<string, string> {
  const at = cwd.lastIndexOf(`${sep}.trees${sep}`);
  return at === -1 ? {} : { GIT_CEILING_DIRECTORIES: cwd.slice(0, at + sep.length + '.trees'.length) };
}

/**
 * Run git. Spawned with node's child_process directly rather than execa: git
 * is weft's hottest path (a dozen calls per task), and a raw spawn costs about
 * a third of the time and half the memory (PERF-FACTS).
 */
export function git(args: readonly string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: { ...process.env, ...QUIET_ENV, ...treesCeiling(options.cwd), ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.once('error', (e) => reject(new GitError(args, undefined, e.message, e)));
    if (options.input !== undefined) {
      child.stdin?.on('error', () => {}); // git may exit before reading it all
      child.stdin?.end(options.input);
    }
    child.once('close', (code) => {
      const stdout = Buffer.concat(out)
        .toString('utf8')
        .replace(/\r?\n$/, '');
      const stderr = Buffer.concat(err)
        .toString('utf8')
        .replace(/\r?\n$/, '');
      const exitCode = code ?? -1;
      if (exitCode === 0 || (options.okCodes ?? []).includes(exitCode)) {
        resolve({ stdout, stderr, exitCode });
      } else if (/not a git repository/i.test(stderr)) {
        reject(
          new NotARepoError(`${options.cwd} is not a git repository`, {
            cause: new GitError(args, exitCode, stderr),
          }),
        );
      } else {
        reject(new GitError(args, exitCode, stderr));
      }
    });
  });
}
