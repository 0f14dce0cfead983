/** The common event model every agent adapter maps its CLI's output onto. */

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  costUsd?: number;
}

export type AgentEvent =
  | { type: 'started'; pid?: number; sessionId?: string; model?: string }
  | { type: 'message'; text: string }
  | { type: 'tool'; name: string; input?: string }
  | { type: 'file'; path: string; kind?: string }
  /** Totals for this attempt so far (not deltas). */
  | { type: 'usage'; usage: Usage }
  /** Needs a human: permission denied, awaiting input. */
  | { type: 'blocked'; reason: string }
  | { type: 'finished'; ok: boolean; reason?: string; finalMessage?: string };

export type AgentEventType = AgentEvent['type'];

/** What a caller asks an agent to do. */
export interface AgentRequest {
  /** Full instructions for the agent. */
  prompt: string;
  /** The worktree the agent runs in. */
  cwd: string;
  /** Script for the built-in shell agent (a task's ```sh block). */
  script?: string;
  /** Allowed tools (`--tools a,b`), passed to agents that support an allow-list. */
  tools?: string[];
  /** Read-only run (discovery): adapters pick read-only permissions. */
  readOnly?: boolean;
  model?: string;
  /** A private directory for this instance's agent state (config dir, db, home). */
  stateDir: string;
  /** Extra environment for the agent process (PORT, PARALLEL_WORKER_DEPTH…). */
  env?: Record<string, string>;
}

/** How to start the agent process: argv only, never a shell string. */
export interface AgentInvocation {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Text to write to stdin, then close it. Stdin is closed (ignored) when absent. */
  stdin?: string;
}

/** Mutable per-run parse state an adapter keeps between lines. */
export interface AgentParseState {
  finalMessage?: string;
  usage: Usage;
  blocked: string[];
  /** Set when the CLI reported its own terminal result. */
  result?: { ok: boolean; reason?: string };
  /** Session/thread id the CLI reported. */
  sessionId?: string;
  [key: string]: unknown;
}

export interface AgentAdapter {
  readonly name: string;
  /** Binary looked up on PATH (absent for the built-in shell agent). */
  readonly binary?: string;
  /** How to install it, for the "missing agent" error. */
  readonly installHint?: string;
  /**
   * `baseEnv` is the environment the agent will inherit (default: process.env);
   * adapters read it to decide e.g. whether credentials must follow a moved config dir.
   */
  invocation(request: AgentRequest, baseEnv?: NodeJS.ProcessEnv): AgentInvocation;
  /**
   * Side effects needed before the first start (create the per-instance state
   * dir, copy credentials into it). Kept out of `invocation()` so that stays pure.
   */
  prepare?(request: AgentRequest, baseEnv?: NodeJS.ProcessEnv): Promise<void>;
  /** Map one line of the agent's stdout to events. */
  parseLine(line: string, state: AgentParseState): AgentEvent[];
  /** Map one line of the agent's stderr to events (most adapters ignore stderr). */
  parseStderrLine?(line: string, state: AgentParseState): AgentEvent[];
  /** Decide the outcome once the process exited. */
  finish(
    exit: { code: number | null; signal: string | null },
    state: AgentParseState,
  ): {
    ok: boolean;
    reason?: string;
  };
}

export interface AgentOutcome {
  ok: boolean;
  /** Why it failed (or was stopped). */
  reason?: string;
  exitCode: number | null;
  signal: string | null;
  finalMessage?: string;
  usage: Usage;
  blocked: string[];
  timedOut: boolean;
  hung: boolean;
  /** Stopped by the caller (interrupt, cleanup --force). */
  aborted: boolean;
  /** Ended by a signal or without the terminal result its CLI always prints. */
  crashed?: boolean;
  durationMs: number;
  logFile: string;
  /** Process id of the agent (the leader of its process group), when it started. */
  pid?: number;
  /** Epoch ms when the process was started. */
  startedAt?: number;
  /** Session/thread id the agent reported, for resuming. */
  sessionId?: string;
}
