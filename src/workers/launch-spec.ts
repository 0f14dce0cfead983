/**
 * Everything needed to start a prepared worker's agent, written to
 * `<id>.d/launch.json` so the `--no-wait` supervisor (another process) runs
 * exactly what `weft spawn` validated.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentConfig } from '../agents/registry.js';
import { SessionError } from '../errors.js';

export interface LaunchSpec {
  agent: string;
  agentConfig: AgentConfig;
  prompt: string;
  /** For the shell agent: the task's ```sh block or the task text. */
  script: string;
  tools?: string[];
  model?: string;
  timeoutMs?: number;
  hangTimeoutMs?: number;
  killGraceMs?: number;
  /** Added to the agent's environment: PORT, PARALLEL_WORKER_DEPTH, WEFT_WORKER_ID. */
  env: Record<string, string>;
  /** The agent's private state directory. */
  stateDir: string;
  /** Worktree-relative files weft put there, kept out of the leftover commit. */
  weftFiles: string[];
  /** Steps to check in the parent's plan file on success. */
  doneSteps: string[];
  heartbeatMs?: number;
}

const LAUNCH_FILE = 'launch.json';

export async function writeLaunchSpec(dir: string, spec: LaunchSpec): Promise<void> {
  await writeFile(join(dir, LAUNCH_FILE), `${JSON.stringify(spec, null, 2)}\n`);
}

export async function readLaunchSpec(dir: string): Promise<LaunchSpec> {
  const file = join(dir, LAUNCH_FILE);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LaunchSpec;
  } catch (err) {
    throw new SessionError(`cannot read the worker's launch file ${file}`, { cause: err });
  }
}
