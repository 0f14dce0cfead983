/**
 * `weft spawn --branch X --task "Y" [--plan FILE|-|TEXT] [--from B] [--wait|--no-wait]
 *   [--tools a,b] [--agent NAME] [--timeout DUR] [--json]`
 * Progress goes to stderr (heartbeats, significant events); the result to stdout.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, RefusedError, UsageError } from '../errors.js';
import { formatDuration, parseDuration } from '../util/duration.js';
import type { WorkerEvent } from '../workers/events.js';
import { describeAgentEvent } from '../workers/events.js';
import type { WorkerRecord } from '../workers/record.js';
import { exitCodeFor, isTerminal } from '../workers/state.js';
import { onStopSignals } from '../workers/stop-signals.js';
import { action } from './errors.js';
import { assertNotNested } from './nesting.js';

interface SpawnFlags {
  branch?: string;
  task?: string;
  plan?: string;
  from?: string;
  wait: boolean;
  tools?: string;
  agent?: string;
  model?: string;
  timeout?: string;
  hangTimeout?: string;
  json?: boolean;
}

export function registerSpawn(program: Command): void {
  program
    .command('spawn')
    .description('run one agent in its own worktree (.trees/<branch>) on a new branch')
    .option('-b, --branch <name>', 'branch to create (the worktree is .trees/<name>)')
    .option('-t, --task <text>', "the agent's task")
    .option('--plan <file|-|text>', 'mini-plan (`- [ ] step` lines): a file, - for stdin, or the text itself')
    .option('--from <ref>', 'base branch or commit (default: HEAD)')
    .option('--wait', 'block until the agent ends (default)', true)
    .option('--no-wait', 'return at once with the worker id; a supervisor process owns the agent')
    .option('--tools <list>', 'comma-separated tools the agent may use')
    .option('--agent <name>', 'agent to run (default: config `agent`, else shell)')
    .option('--model <name>', 'model for the agent')
    .option('--timeout <duration>', 'stop the agent after this long (e.g. 30m)')
    .option('--hang-timeout <duration>', 'stop the agent after this long without output')
    .option('--json', 'print the worker record as JSON')
    .action(action((flags: SpawnFlags) => spawnCommand(flags)));
}

function durationFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0)
    throw new UsageError(`--${name} must be a duration like 90s, 10m or 1h30m, not "${value}"`);
  return ms;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `--plan -` reads stdin; an existing file is read; anything else is the plan text itself (seed 000 passes it inline). */
async function planText(value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  if (value === '-') return readStdin();
  const path = resolve(value);
  if (!value.includes('\n') && existsSync(path) && statSync(path).isFile()) return readFile(path, 'utf8');
  return value;
}

async function spawnCommand(flags: SpawnFlags): Promise<number> {
  if (flags.branch === undefined) throw new UsageError('--branch is required');
  if (flags.task === undefined && flags.plan === undefined)
    throw new UsageError('--task or --plan is required');
  const timeoutMs = durationFlag('timeout', flags.timeout);
  const hangTimeoutMs = durationFlag('hang-timeout', flags.hangTimeout);
  assertNotNested('spawn');
  const plan = await planText(flags.plan);
  const tools = flags.tools
    ?.split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  // Loaded when used, so other commands don't pay for the worker machinery at start-up.
  const { spawnWorker } = await import('../workers/spawn.js');
  const stopping = onStopSignals();
  // After SIGHUP the terminal may be gone: a failed progress write must not stop weft committing the agent's work.
  const ignore = (): void => {};
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  const print = (line: string): boolean => process.stderr.write(`${line}\n`);
  try {
    const result = await spawnWorker({
      cwd: process.cwd(),
      branch: flags.branch,
      task: flags.task ?? 'Work through the plan below.',
      plan,
      from: flags.from,
      agent: flags.agent,
      tools,
      model: flags.model,
      timeoutMs,
      hangTimeoutMs,
      wait: flags.wait,
      signal: stopping.signal,
      onEvent: (e) => {
        const line = progressLine(e);
        if (line !== undefined) print(line);
      },
    });
    const record = result.record;
    if (flags.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    else process.stdout.write(`${summaryLine(record)}\n`);
    if (!isTerminal(record.state)) return EXIT.ok;
    if (record.state === 'stopped' && stopping.signal.aborted) return EXIT.interrupted;
    return exitCodeFor(record.state);
  } catch (err) {
    if (stopping.signal.aborted && err instanceof RefusedError && err.code === 'E_INTERRUPTED') {
      print(`weft: ${err.message}`);
      return EXIT.interrupted;
    }
    throw err;
  } finally {
    stopping.dispose();
  }
}

function progressLine(e: WorkerEvent): string | undefined {
  switch (e.type) {
    case 'waiting-for-slot':
      return `weft: ${e.running} of ${e.max} workers running (PARALLEL_MAX_WORKERS); waiting for one to finish…`;
    case 'created': {
      const r = e.record;
      return `▸ worker ${r.id}: ${relative(process.cwd(), r.worktree) || '.'} on ${r.branch} from ${r.baseRef} (${r.baseCommit.slice(0, 7)}), agent ${r.agent}, PORT ${r.port}`;
    }
    case 'carried-over':
      return `  copied ${e.files.join(', ')}`;
    case 'setup-output':
      return `  setup │ ${e.line}`;
    case 'setup-finished':
      return `  setup ${e.ok ? 'done' : 'FAILED'} in ${formatDuration(e.durationMs)}`;
    case 'supervisor-started':
      return `  supervisor pid ${e.pid} owns the agent`;
    case 'agent-started':
      return `  agent started (pid ${e.pid})`;
    case 'agent':
      return e.event.type === 'tool' || e.event.type === 'blocked'
        ? `  ${describeAgentEvent(e.event)}`
        : undefined;
    case 'commit':
      return `  commit ${e.commit.slice(0, 7)} ${e.subject}`;
    case 'heartbeat': {
      const last =
        e.lastEvent === undefined
          ? ''
          : ` — last: ${e.lastEvent}${e.lastEventAgoMs === undefined ? '' : ` (${formatDuration(e.lastEventAgoMs)} ago)`}`;
      return `  ⋯ running ${formatDuration(e.elapsedMs)}${last}`;
    }
    case 'leftovers-committed':
      return `  committed the agent's uncommitted work as ${e.commit.slice(0, 7)}`;
    case 'plan-file-updated':
      return `  updated ${e.file}`;
    case 'ended':
      return undefined;
  }
}

function summaryLine(r: WorkerRecord): string {
  if (r.state === 'running') {
    return `${r.id} started in the background (branch ${r.branch}); \`weft status\` to follow, \`weft results --worker ${r.id}\` for its output`;
  }
  const took =
    r.endedAt === undefined ? '' : ` in ${formatDuration(Date.parse(r.endedAt) - Date.parse(r.startedAt))}`;
  const mark = r.state === 'done' ? '✓' : '✗';
  const why = r.reason === undefined ? '' : `: ${r.reason}`;
  return `${mark} ${r.id} ${r.state}${took}${why} — branch ${r.branch}; \`weft results --worker ${r.id}\` for its output`;
}
