/** Agent names → adapters, and the "is it installed?" check done before any worktree is made. */
import { AgentMissingError, UsageError } from '../errors.js';
import { aiderAdapter } from './adapters/aider.js';
import { claudeAdapter } from './adapters/claude.js';
import { codexAdapter } from './adapters/codex.js';
import { type CommandTemplate, commandAdapter } from './adapters/command.js';
import type { AgentSettings } from './adapters/common.js';
import { geminiAdapter } from './adapters/gemini.js';
import { opencodeAdapter } from './adapters/opencode.js';
import { shellAdapter } from './adapters/shell.js';
import { findOnPath } from './find-binary.js';
import type { AgentAdapter } from './types.js';

export type { CommandTemplate } from './adapters/command.js';

export type { AgentSettings } from './adapters/common.js';

export interface AgentConfig {
  /** The `command` agent's template. */
  command?: CommandTemplate;
  /** Extra args and default model, keyed by agent name (`claude`, `codex`, …). */
  agents?: Partial<Record<string, AgentSettings>>;
}

export const AGENT_NAMES = ['shell', 'command', 'claude', 'codex', 'gemini', 'opencode', 'aider'] as const;

export type AgentName = (typeof AGENT_NAMES)[number];

export function isAgentName(name: string): name is AgentName {
  return (AGENT_NAMES as readonly string[]).includes(name);
}

export function getAdapter(name: string, config: AgentConfig = {}): AgentAdapter {
  if (!isAgentName(name)) {
    throw new UsageError(`unknown agent "${name}"`, { details: [`known agents: ${AGENT_NAMES.join(', ')}`] });
  }
  const settings: AgentSettings = config.agents?.[name] ?? {};
  switch (name) {
    case 'shell':
      return shellAdapter;
    case 'command':
      return commandAdapter(config.command, settings.args);
    case 'claude':
      return claudeAdapter(settings);
    case 'codex':
      return codexAdapter(settings);
    case 'gemini':
      return geminiAdapter(settings);
    case 'opencode':
      return opencodeAdapter(settings);
    case 'aider':
      return aiderAdapter(settings);
  }
}

/** Throws AgentMissingError, naming the agent and how to install it, when its binary is not on PATH. */
export async function ensureAgentAvailable(
  adapter: AgentAdapter,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (adapter.binary === undefined) return;
  if (findOnPath(adapter.binary, env) !== undefined) return;
  throw new AgentMissingError(
    `agent "${adapter.name}" needs the \`${adapter.binary}\` command, which is not on PATH`,
    { details: adapter.installHint === undefined ? [] : [`install it: ${adapter.installHint}`] },
  );
}
