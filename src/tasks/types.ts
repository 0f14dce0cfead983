/** The task model shared by the parser, the planner and the orchestrator. */

export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const FILE_OPS = ['create', 'modify', 'delete', 'read'] as const;
export type FileOp = (typeof FILE_OPS)[number];

/** 1-based line and column in the task file. */
export interface SourcePos {
  line: number;
  column: number;
}

export interface TaskFileRef {
  /** Repo-relative POSIX path (validated: not absolute, no `..` escape). */
  path: string;
  op: FileOp;
  position: SourcePos;
}

export interface TaskDependency {
  id: string;
  position: SourcePos;
  /** True for the order of a checklist (each item after the previous one), not written by hand. */
  implicit?: boolean;
}

export interface Task {
  /** Stable id: `T001` style when written, otherwise generated (`step-1`, …). */
  id: string;
  title: string;
  priority: Priority;
  /** Explicit dependencies (`Depends:`), plus the previous item of an ordered checklist. */
  dependsOn: TaskDependency[];
  files: TaskFileRef[];
  /** Free text that becomes the agent's instructions. */
  instructions: string;
  /** Relative weight for the critical path (default 1). */
  estimate: number;
  /** Agent override for this task (`Agent: claude`). */
  agent?: string;
  /** Per-task timeout in milliseconds. */
  timeoutMs?: number;
  /** Command whose exit code decides success (`Verify: npm test`). */
  verify?: string;
  /** Body of the task's fenced ```sh block, run by the built-in shell agent. */
  script?: string;
  /** `- [x]` items are already done and skipped. */
  done: boolean;
  /** Position of the task's heading or list item. */
  position: SourcePos;
  /** How the task was written: a `## T001: …` section or a `- [ ] …` checklist item. */
  form?: 'section' | 'checklist';
  /** Marked `[P]`: runs alongside the previous checklist item instead of after it. */
  parallel?: boolean;
  /** Position of the id as written (the heading/item position for generated ids). */
  idPosition?: SourcePos;
}

/** Run settings from the YAML front matter (all optional). */
export interface RunSettings {
  workers?: number;
  agent?: string;
  /** Base branch the integration branch starts from. */
  base?: string;
  /** Test gate command run after merges. */
  validate?: string;
  /** Default per-task timeout in milliseconds. */
  timeoutMs?: number;
  /** Hang watchdog: no agent output for this long (ms) counts as a hang. */
  hangTimeoutMs?: number;
  /** Attempts per task before it is skipped (default 3). */
  maxAttempts?: number;
  /** Setup command run in each new worktree. */
  setup?: string;
}

export interface TaskFile {
  /** Path as given by the user (used in diagnostics). */
  path: string;
  settings: RunSettings;
  /** Every task, including done ones (`done: true`). */
  tasks: Task[];
}
