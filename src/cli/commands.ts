import type { Command } from 'commander';

/** Each command lives in its own file and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

type Loader = () => Promise<RegisterCommand>;

/**
 * Commands by name, in help order, loaded on demand: `weft run` loads only the
 * run command's modules, which keeps start-up fast (`--help` loads them all).
 */
export const COMMANDS: ReadonlyArray<readonly [string, Loader]> = [
  ['plan', async () => (await import('./plan.js')).registerPlan],
  ['run', async () => (await import('./run.js')).registerRun],
  ['resume', async () => (await import('./resume.js')).registerResume],
  ['report', async () => (await import('./report.js')).registerReport],
  ['dashboard', async () => (await import('./dashboard.js')).registerDashboard],
  ['spawn', async () => (await import('./spawn.js')).registerSpawn],
  ['status', async () => (await import('./status.js')).registerStatus],
  ['results', async () => (await import('./results.js')).registerResults],
  ['cleanup', async () => (await import('./cleanup.js')).registerCleanup],
  ['__supervise', async () => (await import('./supervise.js')).registerSupervise],
  ['discover', async () => (await import('./discover.js')).registerDiscover],
  ['team', async () => (await import('./team.js')).registerTeam],
  ['attach', async () => (await import('./attach.js')).registerAttach],
];

/** The commands to register for this command line: just the one named, or all of them. */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const name = argv.find((a) => !a.startsWith('-'));
  if (name === undefined && (argv.includes('--version') || argv.includes('-V'))) return [];
  const one = COMMANDS.find(([n]) => n === name);
  const chosen = one ? [one] : COMMANDS;
  return Promise.all(chosen.map(([, load]) => load()));
}
