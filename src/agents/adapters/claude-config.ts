/**
 * One Claude Code config dir per instance. Concurrent instances sharing
 * `~/.claude.json` rewrite it without locking and can corrupt it, so each
 * instance gets `CLAUDE_CONFIG_DIR=<stateDir>/claude`. A fresh config dir holds
 * no login, so the move happens only when authentication still works there:
 *  1. credentials come from the environment (API key, OAuth token, Bedrock/Vertex): move;
 *  2. the user logged in with OAuth and the credentials file exists (Linux,
 *     Windows): move and copy `.credentials.json` (and the user's `settings.json`
 *     and `CLAUDE.md`, so their preferences still apply) into the new dir;
 *  3. otherwise (macOS keychain login, or not logged in): keep the user's
 *     config dir; the claude CLI's own concurrency caveat then applies.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { homeOf, seedStateDir } from './state-home.js';

const ENV_AUTH = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_USE_FOUNDRY',
];

export const CREDENTIALS_FILE = '.credentials.json';
/** Copied along with the credentials so the user's settings and memory still apply. */
const CARRIED_FILES = [CREDENTIALS_FILE, 'settings.json', 'CLAUDE.md'];

export interface ClaudeConfigPlan {
  /** The instance's config dir, or undefined to keep the user's. */
  configDir?: string;
  /** The user's config dir to copy credentials and settings from. */
  copyFrom?: string;
}

/** The user's own config dir: `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
export function userClaudeConfigDir(env: NodeJS.ProcessEnv): string {
  const configured = env.CLAUDE_CONFIG_DIR;
  if (configured !== undefined && configured !== '') return configured;
  return join(homeOf(env), '.claude');
}

export function planClaudeConfig(stateDir: string, env: NodeJS.ProcessEnv): ClaudeConfigPlan {
  const configDir = join(stateDir, 'claude');
  if (ENV_AUTH.some((name) => (env[name] ?? '') !== '')) return { configDir };
  const userDir = userClaudeConfigDir(env);
  if (existsSync(join(userDir, CREDENTIALS_FILE))) return { configDir, copyFrom: userDir };
  return {};
}

export async function prepareClaudeConfig(plan: ClaudeConfigPlan): Promise<void> {
  if (plan.configDir === undefined) return;
  // Copied once: a later attempt keeps the instance's (possibly refreshed) credentials.
  await seedStateDir(plan.configDir, plan.copyFrom, CARRIED_FILES);
}
