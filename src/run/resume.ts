/**
 * `resume(options)`: pick an interrupted run up from its journal — after
 * Ctrl-C, `kill -9`, a critical stop or a reboot. Merged tasks stay merged,
 * finished branches are integrated without re-running their agent, tasks that
 * were running start again, and agents a killed weft left behind are stopped
 * first.
 */
import { join } from 'node:path';
import { RefusedError, SessionError, UsageError } from '../errors.js';
import { git, gitOut } from '../git/git.js';
import { withRepoLock } from '../git/repo-lock.js';
import { resolveRepo } from '../git/repo-paths.js';
import { listSessions } from '../journal/list-sessions.js';
import { replay } from '../journal/replay.js';
import { planResume } from '../journal/resume.js';
import { acquireRunLock, readRunLock, runLockedError } from '../journal/run-lock.js';
import { type RunState, rebuildRunState } from '../journal/run-state.js';
import { SessionRecorder } from '../journal/session-recorder.js';
import { scoutRepo } from '../scout/scout.js';
import { chaosPoint } from '../util/chaos-point.js';
import type { RunStartedEvent } from './events.js';
import { schedulableTasks } from './from-graph.js';
import type { ResumeOptions } from './options.js';
import { stopProcessesUnder } from './orphans.js';
import { checkRun } from './prepare.js';
import { execute, HandleControl, type RunHandle } from './run.js';
import { Scheduler } from './scheduler.js';
import { poolRoot } from './worker-worktrees.js';

export function resume(options: ResumeOptions & { onState?: (state: RunState) => void }): RunHandle {
  const control = new HandleControl();
  return control.handle(resumeRun(options, control));
}

async function resumeRun(
  options: ResumeOptions & { onState?: (state: RunState) => void },
  control: HandleControl,
) {
  const repo = await resolveRepo(options.cwd);
  const info = await pickSession(repo.top, options.runId);
  const { events, warnings } = await replay(info.session.paths.events);
  const startedEvent = events.find((e): e is RunStartedEvent => e.type === 'run.started');
  if (!startedEvent) throw new UsageError(`session ${info.runId} never started a run: nothing to resume`);
  const state = rebuildRunState(events);

  const setup = await checkRun({
    cwd: repo.top,
    taskFile: startedEvent.taskFile,
    workers: options.workers ?? startedEvent.workers,
    ...(options.maxWorkers === undefined ? {} : { maxWorkers: options.maxWorkers }),
    agent: options.agent ?? startedEvent.agent,
    base: startedEvent.baseCommit,
    ...(startedEvent.maxAttempts === undefined ? {} : { maxAttempts: startedEvent.maxAttempts }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.hangTimeoutMs === undefined ? {} : { hangTimeoutMs: options.hangTimeoutMs }),
    ...(options.mergeInto === undefined ? {} : { mergeInto: options.mergeInto }),
  });
  assertSameTasks(state, [...setup.tasks.keys()], startedEvent.taskFile);
  setup.warnings.push(...warnings); // e.g. a torn last line of the journal, ignored

  const runLock = await acquireRunLock(repo.top, { runId: info.runId, sessionDir: info.session.dir });
  try {
    // Agents a killed weft left running in the pooled worktrees: stopped before anything else.
    const orphans = await stopProcessesUnder(poolRoot(repo.top));
    chaosPoint('resume:orphans-stopped');
    await ensureIntegrationBranch(repo, startedEvent, state);
    const plan = planResume(state);
    const scheduler = new Scheduler(schedulableTasks(setup.graph), {
      maxAttempts: setup.maxAttempts,
      resume: plan.tasks,
    });
    const recorder = await SessionRecorder.open(info.session, { state });
    options.onState?.(state);
    const reuse = plan.reused.flatMap((id) => {
      const branch = state.tasks[id]?.branch;
      return branch ? [{ taskId: id, branch }] : [];
    });
    return await execute(
      setup,
      {
        runId: info.runId,
        session: info.session,
        runLock,
        context: await scoutRepo(repo.top),
        integrationBranch: startedEvent.integrationBranch,
      },
      {
        ...options,
        observers: [...(options.observers ?? []), control],
        signal: control.signal(options.signal),
      },
      {
        scheduler,
        recorder,
        lastSeq: state.lastSeq,
        reuse,
        knownBranches: [
          ...new Set([
            ...Object.values(state.tasks).flatMap((t) => t.branches),
            ...(await runBranches(repo.top, info.runId)),
          ]),
        ],
        startedAt: Date.now(),
        announce: async (bus) => {
          await bus.emit({
            type: 'run.resumed',
            runId: info.runId,
            requeued: plan.requeued,
            reused: plan.reused,
          });
          if (orphans.length > 0) {
            await bus.emit({
              type: 'worker.replaced',
              workerId: 'all',
              reason: `stopped ${orphans.length} agent process(es) left running by the interrupted weft`,
            });
          }
          await bus.emitAll(scheduler.idsIn('ready').map((id) => ({ type: 'task.ready', taskId: id })));
        },
      },
    );
  } catch (err) {
    await runLock.release();
    throw err;
  }
}

async function pickSession(top: string, runId: string | undefined) {
  const sessions = await listSessions(top);
  if (runId !== undefined) {
    const s = sessions.find((x) => x.runId === runId);
    if (!s) throw new UsageError(`no session ${runId} in ${join(top, '.weft', 'sessions')}`);
    if (s.status === 'running') {
      throw new RefusedError('E_RUN_LOCKED', `session ${runId} is still running in another weft process`);
    }
    if (s.status === 'finished') throw new UsageError(`session ${runId} already finished: nothing to resume`);
    if (s.status === 'unreadable') throw unreadable(s.runId, s.problem);
    return s;
  }
  // The newest run that can be picked up; one killed before it started has nothing to resume.
  const s = [...sessions]
    .reverse()
    .find((x) => x.status === 'unreadable' || (x.status === 'interrupted' && x.taskFile !== undefined));
  if (s?.status === 'unreadable') throw unreadable(s.runId, s.problem);
  if (!s) {
    const lock = await readRunLock(top);
    if (lock?.live) throw runLockedError(lock.info); // names the run that is busy right now
    throw new UsageError('there is no interrupted weft run in this repository to resume');
  }
  return s;
}

/** A damaged journal: say where, and where the run's work is. */
function unreadable(runId: string, problem: string | undefined): SessionError {
  return new SessionError(`session ${runId} cannot be resumed: ${problem ?? 'its journal cannot be read'}`, {
    details: [
      `its work is kept on its branches: git branch --list 'weft/tasks/${runId}/*'`,
      'start over with: weft run --new <task file>',
    ],
  });
}

function assertSameTasks(state: RunState, ids: string[], file: string): void {
  const before = new Set(Object.keys(state.tasks));
  const now = new Set(ids);
  const added = ids.filter((id) => !before.has(id));
  const removed = [...before].filter((id) => !now.has(id));
  if (added.length === 0 && removed.length === 0) return;
  throw new UsageError(`${file} changed since the run started; resume needs the same tasks`, {
    details: [
      ...(added.length ? [`added: ${added.join(', ')}`] : []),
      ...(removed.length ? [`removed: ${removed.join(', ')}`] : []),
      'start a new run instead: weft run --new',
    ],
  });
}

/** Every branch the run made, journaled or not (e.g. one keeping work an agent did off its branch). */
async function runBranches(top: string, runId: string): Promise<string[]> {
  const out = await gitOut(
    ['for-each-ref', '--format=%(refname:strip=2)', `refs/heads/weft/tasks/${runId}/`],
    {
      cwd: top,
    },
  );
  return out.split('\n').filter((b) => b !== '');
}

/** A deleted integration branch is recreated from the journal's last known head. */
async function ensureIntegrationBranch(
  repo: { top: string; commonDir: string },
  started: RunStartedEvent,
  state: RunState,
): Promise<void> {
  const ref = `refs/heads/${started.integrationBranch}`;
  const r = await git(['rev-parse', '--verify', '--quiet', ref], { cwd: repo.top, okCodes: [1] });
  if (r.exitCode === 0) return;
  const at = state.integrationHead ?? started.baseCommit;
  await withRepoLock(repo.commonDir, () => git(['update-ref', ref, at, ''], { cwd: repo.top }));
}
