/**
 * The worker record: one JSON file per worker, everything `status`,
 * `results` and `cleanup` need, readable without the writer alive.
 */
import * as z from 'zod';
import { WORKER_STATES } from './state.js';

const processRefSchema = z.object({ pid: z.number().int().positive(), startTime: z.string().optional() });

const usageSchema = z.object({
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  cacheReadTokens: z.number().optional(),
  costUsd: z.number().optional(),
});

export const workerRecordSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  branch: z.string(),
  /** Absolute path of the worktree (`<repo>/.trees/<branch>`). */
  worktree: z.string(),
  /** Base as given (`--from`, default HEAD) and the commit it named at spawn time. */
  baseRef: z.string(),
  baseCommit: z.string(),
  /** Branch whose plan file (`.claude/plans/<parent>/plan.md`) this worker reports to. */
  parentBranch: z.string().optional(),
  agent: z.string(),
  task: z.string(),
  /** Mini-plan steps given with `--plan`. */
  planSteps: z.array(z.string()).default([]),
  state: z.enum(WORKER_STATES),
  reason: z.string().optional(),
  startedAt: z.string(),
  /** When the agent process started (after worktree, copies and setup). */
  agentStartedAt: z.string().optional(),
  endedAt: z.string().optional(),
  heartbeatAt: z.string(),
  lastEvent: z.string().optional(),
  /** The process that owns the agent: `weft spawn --wait` itself, or the `--no-wait` supervisor. */
  owner: processRefSchema,
  /** The agent process; it leads its own process group. */
  agentProcess: processRefSchema.optional(),
  port: z.number().int(),
  timeoutMs: z.number().optional(),
  usage: usageSchema.default({}),
  finalMessage: z.string().optional(),
  exitCode: z.number().nullable().optional(),
  signal: z.string().nullable().optional(),
  /** The commit weft made of work the agent left uncommitted. */
  leftoverCommit: z.string().optional(),
  logFile: z.string(),
  /** Worktree-relative files weft put in the worktree (`.env`, the plan): never committed, not "uncommitted work". */
  weftFiles: z.array(z.string()).default([]),
});

export type WorkerRecord = z.infer<typeof workerRecordSchema>;
