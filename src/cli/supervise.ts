/**
 * Hidden `weft __supervise <id>`: the process that owns a `--no-wait`
 * worker's agent. Started detached by `weft spawn --no-wait`; its output goes
 * to `.weft/workers/<id>.d/supervisor.log`.
 */
import type { Command } from 'commander';
import { SUPERVISE_COMMAND } from '../workers/defaults.js';
import { exitCodeFor } from '../workers/state.js';
import { onStopSignals } from '../workers/stop-signals.js';
import { action } from './errors.js';

export function registerSupervise(program: Command): void {
  program
    .command(`${SUPERVISE_COMMAND} <id>`, { hidden: true })
    .description('internal: own a --no-wait worker until its agent ends')
    .action(action((id: string) => superviseCommand(id)));
}

async function superviseCommand(id: string): Promise<number> {
  const { superviseWorker } = await import('../workers/supervise.js');
  const stopping = onStopSignals();
  try {
    const { record } = await superviseWorker({
      cwd: process.cwd(),
      id,
      signal: stopping.signal,
      onOwned: () => {
        process.send?.({ type: 'ready' });
        process.disconnect?.();
      },
    });
    process.stdout.write(
      `${new Date().toISOString()} ${record.id} ${record.state}${record.reason ? `: ${record.reason}` : ''}\n`,
    );
    return record.state === 'running' ? 1 : exitCodeFor(record.state);
  } finally {
    stopping.dispose();
  }
}
