/**
 * weft's error hierarchy. Every error carries a stable `code` and the exit
 * code the CLI uses for it; only `src/cli/` prints errors and exits.
 * The table of codes is documented in docs/errors.md.
 */

export const EXIT = {
  ok: 0,
  /** The run finished but some tasks failed or were skipped. */
  partial: 1,
  usage: 2,
  taskFile: 3,
  git: 4,
  agentMissing: 5,
  refused: 6,
  critical: 7,
  session: 8,
  interrupted: 130,
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A problem located in a file: `file:line:column: message`. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  /** Short machine-readable kind, e.g. `duplicate-id`, `cycle`. */
  kind: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

export abstract class WeftError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: ExitCode;
  /** Extra lines the CLI prints after the message (hints, lists). */
  readonly details: string[];

  constructor(message: string, options?: { cause?: unknown; details?: string[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options?.details ?? [];
  }
}

/** Bad flags or arguments; nothing was changed. */
export class UsageError extends WeftError {
  readonly code = 'E_USAGE';
  readonly exitCode = EXIT.usage;
}

/** The task file was not found. */
export class TaskFileNotFoundError extends WeftError {
  readonly code = 'E_TASKFILE_NOT_FOUND';
  readonly exitCode = EXIT.taskFile;
}

/** The task file is invalid; carries every problem found, each located. */
export class TaskFileError extends WeftError {
  readonly code = 'E_TASKFILE';
  readonly exitCode = EXIT.taskFile;
  readonly diagnostics: Diagnostic[];

  constructor(file: string, diagnostics: Diagnostic[]) {
    const n = diagnostics.length;
    super(`${file}: ${n} problem${n === 1 ? '' : 's'} found; nothing was written`, {
      details: diagnostics.map(formatDiagnostic),
    });
    this.diagnostics = diagnostics;
  }
}

/** The directory is not a git repository, or git is unusable. */
export class NotARepoError extends WeftError {
  readonly code = 'E_NOT_A_REPO';
  readonly exitCode = EXIT.git;
}

/** A git command failed. Keeps argv, exit code and stderr. */
export class GitError extends WeftError {
  readonly code = 'E_GIT';
  readonly exitCode = EXIT.git;
  readonly args: readonly string[];
  readonly stderr: string;
  readonly gitExitCode: number | undefined;

  constructor(args: readonly string[], gitExitCode: number | undefined, stderr: string, cause?: unknown) {
    super(
      `git ${args.join(' ')} failed${gitExitCode === undefined ? '' : ` (exit ${gitExitCode})`}: ${stderr.trim()}`,
      {
        cause,
      },
    );
    this.args = args;
    this.stderr = stderr;
    this.gitExitCode = gitExitCode;
  }
}

/** A branch name that git would refuse, or one that already exists. */
export class BranchError extends WeftError {
  readonly code = 'E_BRANCH';
  readonly exitCode = EXIT.git;
}

/** The agent's CLI is not installed. */
export class AgentMissingError extends WeftError {
  readonly code = 'E_AGENT_MISSING';
  readonly exitCode = EXIT.agentMissing;
}

/** weft refuses: nesting inside a worker, worker limit reached, worker running, unmerged commits… */
export class RefusedError extends WeftError {
  readonly code: string;
  readonly exitCode = EXIT.refused;

  constructor(code: string, message: string, options?: { cause?: unknown; details?: string[] }) {
    super(message, options);
    this.code = code;
  }
}

/** A critical failure stopped the run (seed 003): every worker's commits are kept. */
export class CriticalFailureError extends WeftError {
  readonly code = 'E_CRITICAL';
  readonly exitCode = EXIT.critical;
}

/** The session folder or journal cannot be read or written. */
export class SessionError extends WeftError {
  readonly code = 'E_SESSION';
  readonly exitCode = EXIT.session;
}

export function isWeftError(e: unknown): e is WeftError {
  return e instanceof WeftError;
}
