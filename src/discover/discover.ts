/**
 * `weft discover` as a library call (seed 000's Mode 1, in-session
 * discovery): one read-only agent per role, all at once, on the repository
 * itself (no worktrees); seed 002's partial success and retries; an optional
 * synthesis step; one report written under `.weft/discover/<id>/`.
 * Everything is validated before any agent starts.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureAgentAvailable, getAdapter } from '../agents/registry.js';
import type { AgentAdapter } from '../agents/types.js';
import { readConfigDocument } from '../config/document.js';
import { UsageError } from '../errors.js';
import { ensureExcluded } from '../git/exclude.js';
import { type RepoLocation, resolveRepo } from '../git/repo-paths.js';
import { WEFT_EXCLUDES } from '../git/worktree.js';
import { writeFileAtomic } from '../journal/atomic-write.js';
import { newRunId } from '../journal/run-id.js';
import { agentConfigOf, loadWorkerConfig } from '../workers/config.js';
import { type DiscoveryObserver, safeDiscoveryObserver } from './events.js';
import { renderReportMarkdown } from './markdown.js';
import { rolePrompt, synthesisPrompt } from './prompt.js';
import { assertReadOnlyCapable } from './read-only.js';
import { type DiscoveryReport, type RoleResult, reportStatus, sumUsage } from './report.js';
import {
  DEFAULT_ROLE_NAMES,
  type DiscoveryRole,
  knownRoles,
  READ_TOOLS,
  SYNTHESIS_ROLE,
  selectRoles,
} from './roles.js';
import { runRoleRounds } from './rounds.js';
import type { RoleRunContext } from './run-role.js';
import { changedPaths, snapshotTree } from './tree-snapshot.js';

export const DISCOVER_DIR = join('.weft', 'discover');
export const DEFAULT_DISCOVER_AGENT = 'claude';
export const DEFAULT_DISCOVER_TIMEOUT_MS = 15 * 60_000;
export const DEFAULT_DISCOVER_HANG_TIMEOUT_MS = 5 * 60_000;

export interface DiscoverOptions {
  /** Any directory of the repository; the agents run at the top of its worktree. */
  cwd: string;
  question: string;
  /** Role names, in report order (default explorer, curator, researcher). */
  roles?: string[];
  /** Default: config `agent`, else claude. */
  agent?: string;
  model?: string;
  /** One more agent merges the findings and names conflicts and trade-offs. */
  synthesize?: boolean;
  /** Retry each failed role once with a refined prompt (default true). */
  retry?: boolean;
  timeoutMs?: number;
  hangTimeoutMs?: number;
  killGraceMs?: number;
  /** Environment for the agents and the PATH lookup (default process.env). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onEvent?: DiscoveryObserver;
}

const SYNTHESIS: DiscoveryRole = {
  name: SYNTHESIS_ROLE,
  focus: 'merged answer, conflicts and trade-offs',
  instructions: '',
  tools: READ_TOOLS,
  builtIn: true,
};

/** Inside a worker? Same rule as weft's nesting guard: any value but empty or 0. */
function insideWorker(env: NodeJS.ProcessEnv): number {
  const raw = env.PARALLEL_WORKER_DEPTH?.trim() ?? '';
  if (raw === '') return 0;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : 1;
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

interface Validated {
  repo: RepoLocation;
  agent: string;
  adapter: AgentAdapter;
  roles: DiscoveryRole[];
}

async function validate(options: DiscoverOptions, env: NodeJS.ProcessEnv): Promise<Validated> {
  if (options.question.trim() === '') throw new UsageError('the question is empty');
  for (const [name, ms] of [
    ['timeout', options.timeoutMs],
    ['hang timeout', options.hangTimeoutMs],
  ] as const) {
    if (ms !== undefined && !(ms > 0)) throw new UsageError(`the ${name} must be positive`);
  }
  const repo = await resolveRepo(options.cwd);
  const [doc, config] = await Promise.all([readConfigDocument(repo.top), loadWorkerConfig(repo.top)]);
  const roles = selectRoles(knownRoles(doc), options.roles ?? DEFAULT_ROLE_NAMES);
  const agent = options.agent ?? config.agent ?? DEFAULT_DISCOVER_AGENT;
  const adapter = getAdapter(agent, agentConfigOf(config));
  assertReadOnlyCapable(agent, roles, {
    synthesize: options.synthesize === true,
    workerDepth: insideWorker(env),
  });
  await ensureAgentAvailable(adapter, env);
  return { repo, agent, adapter, roles };
}

export async function discover(options: DiscoverOptions): Promise<DiscoveryReport> {
  const env = options.env ?? process.env;
  const emit = safeDiscoveryObserver(options.onEvent);
  const v = await validate(options, env);
  const started = new Date();
  const id = newRunId(started);
  const dir = join(v.repo.top, DISCOVER_DIR, id);
  await ensureExcluded(v.repo, WEFT_EXCLUDES);
  await mkdir(join(dir, 'logs'), { recursive: true });
  const question = options.question.trim();
  const cwd = v.repo.cwdTop;
  const before = await snapshotTree(cwd);
  emit({ type: 'started', id, agent: v.agent, roles: v.roles.map((r) => r.name), dir });

  const ctx: RoleRunContext = {
    adapter: v.adapter,
    question,
    cwd,
    dir,
    env: options.env === undefined ? {} : stringEnv(options.env),
    model: options.model,
    timeoutMs: options.timeoutMs ?? DEFAULT_DISCOVER_TIMEOUT_MS,
    hangTimeoutMs: options.hangTimeoutMs ?? DEFAULT_DISCOVER_HANG_TIMEOUT_MS,
    killGraceMs: options.killGraceMs,
    signal: options.signal,
    emit,
  };
  const retry = options.retry ?? true;
  const tasks = v.roles.map((role) => ({ role, prompt: rolePrompt(question, role) }));
  const rounds = await runRoleRounds(ctx, tasks, { retry });
  const notes = [...rounds.notes];
  let interrupted = rounds.interrupted;

  let synthesis: RoleResult | undefined;
  if (options.synthesize) {
    const found = rounds.results.flatMap((r) => {
      const role = v.roles.find((x) => x.name === r.role) as DiscoveryRole;
      return r.findings === undefined ? [] : [{ role, findings: r.findings }];
    });
    if (interrupted) notes.push('synthesis skipped: interrupted');
    else if (found.length === 0) notes.push('synthesis skipped: no role has findings to merge');
    else {
      const failed = rounds.results
        .filter((r) => r.status === 'failed')
        .map((r) => ({
          role: v.roles.find((x) => x.name === r.role) as DiscoveryRole,
          reason: r.reason ?? '',
        }));
      const merged = await runRoleRounds(
        ctx,
        [{ role: SYNTHESIS, prompt: synthesisPrompt(question, found, failed) }],
        {
          retry,
        },
      );
      synthesis = merged.results[0];
      notes.push(...merged.notes);
      interrupted ||= merged.interrupted;
    }
  }

  const changed = changedPaths(before, await snapshotTree(cwd));
  if (changed.length > 0) {
    emit({ type: 'tree-changed', paths: changed });
    const shown = changed.slice(0, 20).join(', ');
    notes.push(
      `files changed in the working tree while discovery ran (by an agent or by someone else): ${shown}${changed.length > 20 ? `, and ${changed.length - 20} more` : ''}`,
    );
  }
  // The agents' private state (config dirs, copied logins) is not needed afterwards; the logs stay.
  await rm(join(dir, 'state'), { recursive: true, force: true });

  const ended = new Date();
  const all = [...rounds.results, ...(synthesis ? [synthesis] : [])];
  const report: DiscoveryReport = {
    version: 1,
    id,
    question,
    agent: v.agent,
    cwd,
    status: reportStatus(rounds.results, synthesis, interrupted),
    startedAt: started.toISOString(),
    endedAt: ended.toISOString(),
    durationMs: ended.getTime() - started.getTime(),
    roles: rounds.results,
    ...(synthesis === undefined ? {} : { synthesis }),
    notes,
    usage: sumUsage(all.flatMap((r) => r.attempts.map((a) => a.usage))),
    files: { json: join(dir, 'report.json'), markdown: join(dir, 'report.md') },
  };
  await writeFileAtomic(report.files.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(report.files.markdown, renderReportMarkdown(report));
  emit({ type: 'finished', report });
  return report;
}
