/**
 * The worker settings weft reads from the repository: `.weft/config.yaml`,
 * else `weft.config.yaml` at the top of the main worktree. Every key is
 * optional; a file that is not valid YAML or has a wrong type is a UsageError
 * naming the file, refused before anything is created.
 */
import { join } from 'node:path';
import * as z from 'zod';
import type { AgentConfig } from '../agents/registry.js';
import { configDocument, readConfigDocument } from '../config/document.js';

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
  const doc = await readConfigDocument(top);
  if (doc.name === undefined) return {};
  return { ...configDocument(doc, configSchema), file: join(top, doc.name) };
}
