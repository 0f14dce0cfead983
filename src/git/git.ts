/**
 * A thin typed wrapper over the git binary. argv arrays only — never a shell
 * string — and `--` before any path a user supplied.
 */
import { execa } from 'execa';
import { GitError, NotARepoError } from '../errors.js';

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

export async function git(args: readonly string[], options: GitOptions): Promise<GitResult> {
  const ok = options.okCodes ?? [];
  let r: Awaited<ReturnType<typeof execa>>;
  try {
    r = await execa('git', args, {
      cwd: options.cwd,
      env: { ...QUIET_ENV, ...options.env },
      input: options.input,
      stdin: options.input === undefined ? 'ignore' : 'pipe',
      reject: false,
      stripFinalNewline: true,
    });
  } catch (err) {
    throw new GitError(args, undefined, err instanceof Error ? err.message : String(err), err);
  }
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  const exitCode = r.exitCode ?? -1;
  if (exitCode !== 0 && !ok.includes(exitCode)) {
    if (/not a git repository/i.test(stderr)) {
      throw new NotARepoError(`${options.cwd} is not a git repository`, {
        cause: new GitError(args, exitCode, stderr),
      });
    }
    throw new GitError(args, exitCode, stderr);
  }
  return { stdout, stderr, exitCode };
}

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

/** git check-ref-format --branch semantics; returns the problem or undefined when valid. */
export async function checkBranchName(name: string, cwd: string): Promise<string | undefined> {
  if (name.startsWith('-')) return 'a branch name cannot start with "-"';
  const r = await git(['check-ref-format', '--branch', name], { cwd, okCodes: [1, 128] });
  return r.exitCode === 0 ? undefined : `"${name}" is not a valid git branch name`;
}
