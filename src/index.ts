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
export { type Dashboard, type DashboardOptions, startDashboard } from './dashboard/server.js';
export { DISCOVER_DIR, type DiscoverOptions, discover } from './discover/discover.js';
export type { DiscoveryEvent, DiscoveryObserver } from './discover/events.js';
export { renderReportMarkdown } from './discover/markdown.js';
export type { DiscoveryReport, DiscoveryStatus, RoleAttempt, RoleResult } from './discover/report.js';
export { BUILTIN_ROLES, type DiscoveryRole, knownRoles, READ_TOOLS } from './discover/roles.js';
export * from './errors.js';
export { branchNameProblem } from './git/branch-name.js';
export { ensureExcluded } from './git/exclude.js';
export {
  changedFiles,
  fullRef,
  type IntegrateOptions,
  type IntegrationResult,
  integrateBranch,
  type MergeMessage,
  predictConflicts,
  RefMovedError,
  type RevertOptions,
  type RevertResult,
  revertOnIntegration,
  worktreesOnBranch,
} from './git/merge.js';
export { type RepoLockOptions, withRepoLock } from './git/repo-lock.js';
export { type RepoLocation, type RepoPaths, resolveRepo, resolveRepoAndBase } from './git/repo-paths.js';
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
export { Journal, type JournalOptions, type JournalRepair } from './journal/journal.js';
export { listSessions, type SessionInfo } from './journal/list-sessions.js';
export { type Inbox, type Outbox, readInbox, readOutbox } from './journal/messages.js';
export { renderProgress } from './journal/progress-text.js';
export { parseJournal, type ReplayResult, replay } from './journal/replay.js';
export { planResume, type ResumePlan } from './journal/resume.js';
export { isRunId, newRunId } from './journal/run-id.js';
export { acquireRunLock, type RunLock, type RunLockInfo, readRunLock } from './journal/run-lock.js';
export {
  applyEvent,
  initialRunState,
  type RunState,
  rebuildRunState,
  type TaskSnapshot,
  type WorkerSnapshot,
} from './journal/run-state.js';
export {
  createSession,
  findSession,
  listSessionDirs,
  openSession,
  SESSIONS_DIR,
  type Session,
  type SessionPaths,
  sessionPaths,
  WEFT_DIR,
} from './journal/session.js';
export { SessionRecorder, type SessionRecorderOptions } from './journal/session-recorder.js';
export { renderStateMd } from './journal/state-md.js';
export {
  type Alert,
  alertForActivity,
  alertForEvent,
  type WorkerBlockedPayload,
} from './notify/alerts.js';
export { createNotifier, type Notifier, type NotifierOptions } from './notify/notifier.js';
export { loadNotifySettings, type NotifySettings, resolveNotifyOptions } from './notify/settings.js';
export type { AttemptBar, AttemptOutcome, Marker } from './report/html/history.js';
export { type ReportOptions, renderReportHtml } from './report/html/render-report.js';
export {
  buildReportModel,
  type ReportFigures,
  ReportFold,
  type ReportModel,
} from './report/html/report-model.js';
export { REPORT_FILE, writeRunReport } from './report/html/write-report.js';
export type * from './run/events.js';
export { EventStamper, RUN_EVENT_TYPES } from './run/events.js';
export { schedulableTasks } from './run/from-graph.js';
export { type DeclaredFile, lockKey, lockKeysFor } from './run/locks.js';
export type { ResumeOptions, RunObserver, RunOptions, WorkerActivity } from './run/options.js';
export { resume } from './run/resume.js';
export { type RunHandle, type RunResult, run } from './run/run.js';
export { Scheduler, SchedulerInputError } from './run/scheduler.js';
export type {
  CriticalFailure,
  LockWait,
  NextTask,
  ReadyOrder,
  ResumedTask,
  SchedulableTask,
  SchedulerChange,
  SchedulerOptions,
  StateCounts,
  TaskView,
} from './run/scheduler-types.js';
export {
  type SimOutcome,
  type SimTraceEntry,
  type SimulationOptions,
  type SimulationResult,
  simulate,
} from './run/simulate.js';
export {
  describeState,
  IllegalTransitionError,
  isStartable,
  isTerminal,
  type SkipCause,
  TASK_STATE_KINDS,
  type TaskState,
  type TaskStateKind,
} from './run/task-state.js';
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
export { type AttachPlan, planAttach } from './team/attach.js';
export { markRoleDone, type TeamDoneResult } from './team/done.js';
export { DEFAULT_TEAM_ROLES, INTEGRATION_BRANCH, parseTeamRoles, type TeamRoleSpec } from './team/roles.js';
export { startTeam, type TeamStartEvent, type TeamStartOptions } from './team/start.js';
export { type TeamRoleState, type TeamRoleStatus, type TeamStatus, teamStatus } from './team/status.js';
export { stopTeam, type TeamStopOptions, type TeamStopReport } from './team/stop.js';
export type { TeamRecord, TeamRoleRecord } from './team/store.js';
export { syncTeam, type TeamSyncOptions, type TeamSyncReport } from './team/sync.js';
export { formatDuration, parseDuration } from './util/duration.js';
export { isSecretName, parseDotenv, Redactor, redactorFor, SECRET_ENV_NAMES } from './util/redact.js';
export { type CleanupOptions, type CleanupReport, cleanupWorkers } from './workers/cleanup.js';
export type { WorkerEvent, WorkerObserver } from './workers/events.js';
export { listWorkers, type WorkerStatus } from './workers/list-workers.js';
export type { WorkerRecord } from './workers/record.js';
export { WorkerRegistry } from './workers/registry.js';
export { type WorkerResults, workerResults } from './workers/results.js';
export { type SpawnOptions, type SpawnResult, spawnWorker } from './workers/spawn.js';
export { type TerminalState, WORKER_STATES, type WorkerState } from './workers/state.js';
