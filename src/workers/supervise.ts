/**
 * The supervisor side of `--no-wait` (`weft __supervise <id>`): take
 * ownership of the registered worker, tell the spawning process, run the agent
 * to its end. The caller wires SIGTERM/SIGINT/SIGHUP to `signal`, so a timeout,
 * an interrupt or `cleanup --force` all end in a recorded state with the
 * agent's work committed.
 */
import type { AgentOutcome } from '../agents/types.js';
import { SessionError } from '../errors.js';
import { resolveRepo } from '../git/repo-paths.js';
import type { WorkerObserver } from './events.js';
import { readLaunchSpec } from './launch-spec.js';
import { processRef } from './process-identity.js';
import type { WorkerRecord } from './record.js';
import { WorkerRegistry } from './registry.js';
import { runWorker } from './run-worker.js';

export async function superviseWorker(options: {
  cwd: string;
  id: string;
  signal?: AbortSignal;
  /** Called once this process owns the worker (the CLI tells its parent over IPC). */
  onOwned?: () => void;
  onEvent?: WorkerObserver;
}): Promise<{ record: WorkerRecord; outcome: AgentOutcome }> {
  const registry = new WorkerRegistry(await resolveRepo(options.cwd));
  const found = await registry.read(options.id);
  if (found === undefined) throw new SessionError(`no worker ${options.id} is registered`);
  if (found.state !== 'running')
    throw new SessionError(`worker ${options.id} is ${found.state}, not waiting for its agent`);
  const spec = await readLaunchSpec(registry.files(options.id).dir);
  const record: WorkerRecord = {
    ...found,
    owner: processRef(process.pid),
    heartbeatAt: new Date().toISOString(),
  };
  await registry.write(record);
  options.onOwned?.();
  return runWorker({ registry, record, spec, signal: options.signal, onEvent: options.onEvent });
}
