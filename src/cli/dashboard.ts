/** `weft dashboard [--port P]`: a live, read-only web page of this repository's runs. */
import type { Command } from 'commander';
import { startDashboard } from '../dashboard/server.js';
import { UsageError } from '../errors.js';
import { resolveRepo } from '../git/repo-paths.js';
import { action } from './errors.js';
import { parsePositiveInt } from './run.js';

interface DashboardFlags {
  port?: string;
  host?: string;
  allowRemote?: boolean;
}

export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description('serve a live page of the runs in this repository (workers, timeline, log lines); read-only')
    .option('-p, --port <port>', 'port to listen on (default: any free port)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--allow-remote', 'allow a --host other than loopback (the token is still required)')
    .action(action((flags: DashboardFlags) => dashboardCommand(flags)));
}

async function dashboardCommand(flags: DashboardFlags): Promise<number> {
  const { top } = await resolveRepo(process.cwd());
  const port = parsePort(flags.port);
  const dashboard = await startDashboard({
    repoTop: top,
    ...(flags.host === undefined ? {} : { host: flags.host }),
    port,
    allowRemote: flags.allowRemote === true,
  });
  process.stdout.write(`weft dashboard: ${dashboard.url}\n(Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await dashboard.close();
  return 0;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '0') return 0;
  const port = parsePositiveInt('--port', value)!;
  if (port > 65_535) throw new UsageError(`--port must be at most 65535, got '${value}'`);
  return port;
}
