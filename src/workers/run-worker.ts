/**
 * Running a prepared worker's agent to its end — used by `weft spawn --wait`
 * in-process and by the `--no-wait` supervisor alike: heartbeats into the
 * record and to observers, commits noticed as they land, then finishWorker.
 */
import { getAdapter } from '../agents/registry.js';
import { runAgent } from '../agents/run.js';
import type { AgentEvent, AgentOutcome } from '../agents/types.js';
import type { RepoPaths } from '../git/repo-paths.js';
import { BranchCommits } from './branch-commits.js';
import { DEFAULT_HEARTBEAT_MS } from './defaults.js';
import { describeAgentEvent, safeObserver, type WorkerObserver } from './events.js';
import { finishWorker } from './finish-worker.js';
import type { LaunchSpec } from './launch-spec.js';
import { LiveRecord } from './live-record.js';
import { processRef } from './process-identity.js';
import type { WorkerRecord } from './record.js';
import type { WorkerRegistry } from './registry.js';

export { DEFAULT_HEARTBEAT_MS };

export interface RunWorkerOptions {
  registry: WorkerRegistry;
  record: WorkerRecord;
  spec: LaunchSpec;
  /** Abort to stop the agent (its process group); the worker ends `stopped`. */
  signal?: AbortSignal;
  onEvent?: WorkerObserver;
}

function failedToStart(err: unknown, logFile: string): AgentOutcome {
  return {
    ok: false,
    reason: `the agent could not be started: ${err instanceof Error ? err.message : String(err)}`,
    exitCode: null,
    signal: null,
    usage: {},
    blocked: [],
    timedOut: false,
    hung: false,
    aborted: false,
    durationMs: 0,
    logFile,
  };
}

export async function runWorker(
  options: RunWorkerOptions,
): Promise<{ record: WorkerRecord; outcome: AgentOutcome }> {
  const { registry, spec } = options;
  const repo: RepoPaths = registry.repo;
  const emit = safeObserver(options.onEvent);
  const live = new LiveRecord(registry, options.record);
  const record = options.record;
  const started = Date.now();
  let lastEventAt: number | undefined;

  const note = (text: string | undefined): void => {
    if (text === undefined) return;
    lastEventAt = Date.now();
    void live.update({ lastEvent: text, heartbeatAt: new Date().toISOString() });
  };
  const commits = new BranchCommits(record.worktree, record.branch, record.baseCommit, (c) => {
    note(`commit ${c.commit.slice(0, 7)} ${c.subject}`);
    emit({ type: 'commit', ...c });
  });
  commits.start(repo.commonDir);
  const heartbeat = setInterval(() => {
    void commits.check();
    const now = Date.now();
    void live.update({ heartbeatAt: new Date(now).toISOString() });
    emit({
      type: 'heartbeat',
      elapsedMs: now - started,
      lastEvent: live.record.lastEvent,
      lastEventAgoMs: lastEventAt === undefined ? undefined : now - lastEventAt,
    });
  }, spec.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);

  const onAgentEvent = (event: AgentEvent): void => {
    if (event.type === 'usage') void live.update({ usage: event.usage });
    else if (event.type !== 'started' && event.type !== 'finished') note(describeAgentEvent(event));
    emit({ type: 'agent', event });
  };

  let outcome: AgentOutcome;
  try {
    const adapter = getAdapter(spec.agent, spec.agentConfig);
    outcome = await runAgent({
      adapter,
      request: {
        prompt: spec.prompt,
        script: spec.script,
        cwd: record.worktree,
        tools: spec.tools,
        model: spec.model,
        stateDir: spec.stateDir,
        env: spec.env,
      },
      logFile: record.logFile,
      timeoutMs: spec.timeoutMs,
      hangTimeoutMs: spec.hangTimeoutMs,
      killGraceMs: spec.killGraceMs,
      signal: options.signal,
      onEvent: onAgentEvent,
      onSpawn: (pid) => {
        void live.update({ agentProcess: processRef(pid), agentStartedAt: new Date().toISOString() }, true);
        emit({ type: 'agent-started', pid });
      },
    });
  } catch (err) {
    outcome = failedToStart(err, record.logFile);
  } finally {
    clearInterval(heartbeat);
    commits.stop();
  }
  if (outcome.aborted && typeof options.signal?.reason === 'string') {
    outcome = { ...outcome, reason: `stopped: ${options.signal.reason}` };
  }
  return { record: await finishWorker(repo, live, spec, outcome, commits, emit), outcome };
}
