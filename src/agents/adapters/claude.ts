/**
 * Claude Code: `claude -p --output-format stream-json --verbose … -- <prompt>`.
 *
 * Permissions (headless runs cannot answer prompts; an ask is auto-denied and
 * surfaces as `blocked`):
 *  - write work: `--permission-mode acceptEdits` and `--allowedTools` = the
 *    request's tools, or by default Bash, Edit, Write and Read so a worker can
 *    run the project's commands in its worktree;
 *  - read-only work: `--permission-mode plan` and only the request's tools.
 * `--dangerously-skip-permissions` is never used: the CLI refuses it as root.
 */
import type { AgentAdapter, AgentRequest } from '../types.js';
import { planClaudeConfig, prepareClaudeConfig } from './claude-config.js';
import { parseClaudeLine } from './claude-stream.js';
import { type AgentSettings, describeExit } from './common.js';

export const CLAUDE_DEFAULT_WRITE_TOOLS = ['Bash', 'Edit', 'Write', 'Read'];

function claudeArgs(request: AgentRequest, settings: AgentSettings): string[] {
  const tools = request.tools ?? (request.readOnly ? [] : CLAUDE_DEFAULT_WRITE_TOOLS);
  const model = request.model ?? settings.model;
  return [
    '-p',
    '--output-format',
    'stream-json',
    '--verbose',
    '--permission-mode',
    request.readOnly ? 'plan' : 'acceptEdits',
    ...(tools.length > 0 ? ['--allowedTools', ...tools] : []),
    ...(model === undefined ? [] : ['--model', model]),
    ...(settings.args ?? []),
    // `--` ends the variadic --allowedTools and lets a prompt start with "-".
    '--',
    request.prompt,
  ];
}

export function claudeAdapter(settings: AgentSettings = {}): AgentAdapter {
  return {
    name: 'claude',
    binary: 'claude',
    installHint: 'npm install -g @anthropic-ai/claude-code',
    invocation(request, baseEnv = process.env) {
      const { configDir } = planClaudeConfig(request.stateDir, baseEnv);
      const env: Record<string, string> = configDir === undefined ? {} : { CLAUDE_CONFIG_DIR: configDir };
      return { command: 'claude', args: claudeArgs(request, settings), env };
    },
    prepare: (request, baseEnv = process.env) =>
      prepareClaudeConfig(planClaudeConfig(request.stateDir, baseEnv)),
    parseLine: parseClaudeLine,
    finish(exit, state) {
      if (exit.signal !== null) return { ok: false, reason: describeExit(exit) };
      if (state.result !== undefined) return state.result;
      return { ok: false, reason: `${describeExit(exit)} without a result` };
    },
  };
}
