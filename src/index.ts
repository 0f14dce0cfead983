/** weft's public library API. The CLI in src/cli/ is built on exactly this. */

export type { ProcessEntry } from './agents/process-table.js';
export type {
  AgentConfig,
  AgentName,
  AgentSettings,
  CommandTemplate,
} from './agents/registry.js';
export { AGENT_NAMES, ensureAgentAvailable, getAdapter } from './agents/registry.js';
export { killProcessGroup, type RunAgentOptions, runAgent } from './agents/run.js';
export type * from './agents/types.js';
export * from './errors.js';
export { ensureExcluded } from './git/exclude.js';
export { type RepoLockOptions, withRepoLock } from './git/repo-lock.js';
export { type RepoPaths, resolveRepo } from './git/repo-paths.js';
export {
  addWorktree,
  createWorktree,
  listWorktrees,
  type NewWorktreeSpec,
  removeWorktree,
  reuseWorktree,
  TREES_DIR,
  validateNewWorktree,
  type Worktree,
  type WorktreeEntry,
  worktreePathFor,
} from './git/worktree.js';
export { buildTaskGraph, type TaskGraphResult } from './graph/build.js';
export { type LoadedPlan, type LoadPlanOptions, loadPlan } from './graph/load.js';
export {
  type ExecutionPlan,
  type PlanDependency,
  type PlanGroup,
  type PlanTask,
  planExecution,
} from './graph/plan.js';
export {
  type ExecutionPlanDocument,
  toExecutionPlanDocument,
  toExecutionPlanJson,
} from './graph/plan-json.js';
export { compareRunOrder, type RunOrderKey } from './graph/run-order.js';
export type { EdgeReason, GraphEdge, GraphNode, TaskGraph } from './graph/types.js';
export {
  DEFAULT_MINI_PLAN_FOOTER,
  DEFAULT_MINI_PLAN_TITLE,
  type MiniPlan,
  type MiniPlanStep,
  parseMiniPlan,
  type RenderMiniPlanOptions,
  renderMiniPlan,
} from './tasks/miniplan.js';
export { type ParsedTaskFile, parseTaskFile, readTaskFile } from './tasks/parse.js';
export type * from './tasks/types.js';
export { formatDuration, parseDuration } from './util/duration.js';
export { type CleanupOptions, type CleanupReport, cleanupWorkers } from './workers/cleanup.js';
export type { WorkerEvent, WorkerObserver } from './workers/events.js';
export { listWorkers, type WorkerStatus } from './workers/list-workers.js';
export type { WorkerRecord } from './workers/record.js';
export { WorkerRegistry } from './workers/registry.js';
export { type WorkerResults, workerResults } from './workers/results.js';
export { type SpawnOptions, type SpawnResult, spawnWorker } from './workers/spawn.js';
export { type TerminalState, WORKER_STATES, type WorkerState } from './workers/state.js';
