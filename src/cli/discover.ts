/**
 * `weft discover "<question>" [--roles a,b] [--agent NAME] [--synthesize] [--json]`:
 * read-only agents, one per role, all at once; one report. Progress goes to
 * stderr; the report (markdown, or JSON with --json) to stdout.
 */
import type { Command } from 'commander';
import { discover } from '../discover/discover.js';
import type { DiscoveryEvent } from '../discover/events.js';
import { renderReportMarkdown } from '../discover/markdown.js';
import { parseRoleList } from '../discover/roles.js';
import { EXIT, UsageError } from '../errors.js';
import { formatDuration, parseDuration } from '../util/duration.js';
import { describeAgentEvent } from '../workers/events.js';
import { onStopSignals } from '../workers/stop-signals.js';
import { action } from './errors.js';

interface DiscoverFlags {
  roles?: string;
  agent?: string;
  model?: string;
  synthesize?: boolean;
  retry: boolean;
  timeout?: string;
  hangTimeout?: string;
  json?: boolean;
}

export function registerDiscover(program: Command): void {
  program
    .command('discover <question>')
    .description('answer a question about the repository with read-only agents, one per role, at once')
    .option('--roles <list>', 'comma-separated roles (default: explorer,curator,researcher)')
    .option('--agent <name>', 'agent for every role (default: config `agent`, else claude)')
    .option('--model <name>', 'model for the agents')
    .option('--synthesize', 'one more agent merges the findings and names conflicts and trade-offs')
    .option('--no-retry', 'do not retry a failed role')
    .option('--timeout <duration>', 'stop a role after this long (default 15m)')
    .option('--hang-timeout <duration>', 'stop a role after this long without output (default 5m)')
    .option('--json', 'print the report as JSON')
    .action(action((question: string, flags: DiscoverFlags) => discoverCommand(question, flags)));
}

function durationFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0)
    throw new UsageError(`--${name} must be a duration like 90s, 10m or 1h30m, not "${value}"`);
  return ms;
}

async function discoverCommand(question: string, flags: DiscoverFlags): Promise<number> {
  const timeoutMs = durationFlag('timeout', flags.timeout);
  const hangTimeoutMs = durationFlag('hang-timeout', flags.hangTimeout);
  const roles = flags.roles === undefined ? undefined : parseRoleList(flags.roles);
  const stopping = onStopSignals();
  try {
    const report = await discover({
      cwd: process.cwd(),
      question,
      roles,
      agent: flags.agent,
      model: flags.model,
      synthesize: flags.synthesize === true,
      retry: flags.retry,
      timeoutMs,
      hangTimeoutMs,
      signal: stopping.signal,
      onEvent: (e) => {
        const line = progressLine(e);
        if (line !== undefined) process.stderr.write(`${line}\n`);
      },
    });
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderReportMarkdown(report));
    switch (report.status) {
      case 'complete':
        return EXIT.ok;
      case 'partial':
      case 'failed':
        return EXIT.partial;
      case 'interrupted':
        return EXIT.interrupted;
    }
  } finally {
    stopping.dispose();
  }
}

function progressLine(e: DiscoveryEvent): string | undefined {
  switch (e.type) {
    case 'started':
      return `▸ discover ${e.id}: ${e.roles.join(', ')} with ${e.agent}, read-only`;
    case 'role-started':
      return e.refined ? undefined : `  ${e.role} started`;
    case 'role-activity': {
      const text = describeAgentEvent(e.event);
      return text === undefined ? undefined : `  ${e.role} │ ${text}`;
    }
    case 'role-finished':
      return e.ok
        ? `  ✓ ${e.role} answered in ${formatDuration(e.durationMs)}`
        : `  ✗ ${e.role} failed after ${formatDuration(e.durationMs)}: ${e.reason ?? 'unknown reason'}`;
    case 'retrying':
      return `  ↻ ${e.role}: retrying once with a refined prompt`;
    case 'not-retrying':
      return `  ${e.roles.join(', ')} not retried: ${e.why}`;
    case 'tree-changed':
      return `  ! files changed while discovery ran: ${e.paths.slice(0, 5).join(', ')}${e.paths.length > 5 ? ', …' : ''}`;
    case 'finished':
      return `  ${e.report.status} in ${formatDuration(e.report.durationMs)}; report in ${e.report.files.markdown}`;
  }
}
