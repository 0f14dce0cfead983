/**
 * The worker settings weft reads from the repository: `.weft/config.yaml`,
 * else `weft.config.yaml` at the top of the main worktree. Every key is
 * optional; a file that is not valid YAML or has a wrong type is a UsageError
 * naming the file, refused before anything is created.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { AgentConfig } from '../agents/registry.js';
import { UsageError } from '../errors.js';

export const CONFIG_FILES = [join('.weft', 'config.yaml'), 'weft.config.yaml'] as const;

const configSchema = z.object({
  /** Default agent for `weft spawn` (else `shell`). */
  agent: z.string().optional(),
  /** Shell command run in each new worktree before the agent (e.g. `npm ci`). */
  setup: z.string().optional(),
  command: z
    .object({
      command: z.string(),
      args: z.array(z.string()).optional(),
      promptVia: z.enum(['arg', 'stdin']).optional(),
    })
    .optional(),
  agents: z
    .record(z.string(), z.object({ args: z.array(z.string()).optional(), model: z.string().optional() }))
    .optional(),
});

export type WorkerConfig = z.infer<typeof configSchema>;

/** The agent part, in the shape the agent registry takes. */
export function agentConfigOf(config: WorkerConfig): AgentConfig {
  return { command: config.command, agents: config.agents };
}

export async function loadWorkerConfig(top: string): Promise<WorkerConfig & { file?: string }> {
  for (const name of CONFIG_FILES) {
    const file = join(top, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    let data: unknown;
    try {
      data = parse(text) ?? {};
    } catch (err) {
      throw new UsageError(`${name}: not valid YAML: ${(err as Error).message}`, { cause: err });
    }
    const r = configSchema.safeParse(data);
    if (!r.success) {
      throw new UsageError(`${name}: invalid settings`, {
        details: r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`),
      });
    }
    return { ...r.data, file };
  }
  return {};
}
