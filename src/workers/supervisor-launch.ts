/**
 * `--no-wait`: the agent is owned by a small detached supervisor process
 * (`weft __supervise <id>`), so `weft spawn` can return at once and the agent
 * outlives the terminal. The supervisor takes ownership in the record and
 * only then tells the spawning process it is ready (IPC), so there is no
 * moment when a running worker has no live owner.
 */
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SessionError } from '../errors.js';
import { builtCli } from '../util/built-cli.js';
import { SUPERVISE_COMMAND } from './defaults.js';
import { type LaunchSpec, writeLaunchSpec } from './launch-spec.js';
import type { WorkerRecord } from './record.js';
import type { WorkerRegistry } from './registry.js';

export { SUPERVISE_COMMAND };

const READY_TIMEOUT_MS = 30_000;

/** How to run weft's CLI: the built one, or the TypeScript source under tsx (tests, benchmarks). */
function weftCommand(): string[] {
  const built = builtCli();
  if (built !== undefined) return [built];
  return ['--import', 'tsx', fileURLToPath(new URL('../cli/main.ts', import.meta.url))];
}

export async function launchSupervisor(
  registry: WorkerRegistry,
  record: WorkerRecord,
  spec: LaunchSpec,
  env: NodeJS.ProcessEnv,
): Promise<WorkerRecord> {
  const files = registry.files(record.id);
  await writeLaunchSpec(files.dir, spec);
  const out = await open(join(files.dir, 'supervisor.log'), 'a');
  const child = spawn(process.execPath, [...weftCommand(), SUPERVISE_COMMAND, record.id], {
    cwd: registry.repo.top,
    env,
    detached: true,
    stdio: ['ignore', out.fd, out.fd, 'ipc'],
  });
  await out.close();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('it did not report ready in time')), READY_TIMEOUT_MS);
      child.once('message', (m: unknown) => {
        clearTimeout(timer);
        if ((m as { type?: string } | null)?.type === 'ready') resolve();
        else reject(new Error(`unexpected message ${JSON.stringify(m)}`));
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`it exited (${signal ?? code}) before taking over`));
      });
    });
  } catch (err) {
    child.kill('SIGKILL');
    throw new SessionError(
      `could not start the supervisor of worker ${record.id}: ${(err as Error).message}`,
      {
        cause: err,
        details: [`see ${join(files.dir, 'supervisor.log')}`],
      },
    );
  }
  child.removeAllListeners();
  if (child.connected) child.disconnect();
  child.unref();
  return (await registry.read(record.id)) ?? record;
}
