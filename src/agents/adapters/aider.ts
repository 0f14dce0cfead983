/**
 * Aider: `aider --message=<prompt> --yes-always --no-auto-commits …`. Plain
 * text output; usage comes from its report line ("Tokens: 2.3k sent, 150
 * received. Cost: $0.01 message, $0.05 session."), summed per message, cost
 * from the session total. Aider exits 0 even when the model call failed, so
 * error lines decide failure. Its history files go to the instance's state dir
 * and `--no-gitignore` stops it editing the repo's .gitignore, so a worktree
 * only changes where the task asked.
 */
import { join } from 'node:path';
import type { AgentAdapter, AgentEvent, AgentParseState, AgentRequest } from '../types.js';
import { type AgentSettings, describeExit, usageOf } from './common.js';
import { parsePlainTextLine } from './plain-text.js';
import { seedStateDir } from './state-home.js';

const HEADLESS_FLAGS = [
  '--yes-always',
  '--no-auto-commits',
  '--no-pretty',
  '--no-stream',
  '--no-fancy-input',
  '--no-check-update',
  '--analytics-disable',
  '--no-gitignore',
];

const USAGE_LINE =
  /^Tokens: ([\d.,]+[kM]?) sent,(?: .*?,)? ([\d.,]+[kM]?) received\. Cost: \$([\d.,]+) message, \$([\d.,]+) session\./;
const FAILURE_LINE =
  /^(litellm\.\w+(Error|Exception)|\w*(AuthenticationError|APIConnectionError|RateLimitError|NotFoundError|BadRequestError|APIError|ServiceUnavailableError|InternalServerError)\b|Error:|Missing these environment variables|Unable to )/;
const APPLIED_EDIT = /^Applied edit to (.+)$/;

export function aiderStateDir(request: AgentRequest): string {
  return join(request.stateDir, 'aider');
}

export function aiderAdapter(settings: AgentSettings = {}): AgentAdapter {
  return {
    name: 'aider',
    binary: 'aider',
    installHint: 'python -m pip install aider-install && aider-install',
    invocation(request) {
      const model = request.model ?? settings.model;
      const dir = aiderStateDir(request);
      return {
        command: 'aider',
        args: [
          // `=` keeps a prompt starting with "-" from being parsed as a flag.
          `--message=${request.prompt}`,
          ...HEADLESS_FLAGS,
          `--chat-history-file=${join(dir, 'chat.history.md')}`,
          `--input-history-file=${join(dir, 'input.history')}`,
          ...(request.readOnly ? ['--chat-mode', 'ask'] : []),
          ...(model === undefined ? [] : [`--model=${model}`]),
          ...(settings.args ?? []),
        ],
        env: {},
      };
    },
    prepare: (request) => seedStateDir(aiderStateDir(request), undefined, []),
    parseLine: parseAiderLine,
    parseStderrLine: parseAiderLine,
    finish(exit, state) {
      if (exit.signal !== null || exit.code !== 0) return { ok: false, reason: describeExit(exit) };
      const error = typeof state.lastError === 'string' ? state.lastError : undefined;
      return error === undefined ? { ok: true } : { ok: false, reason: error };
    },
  };
}

/** "2.3k" → 2300, "1,234" → 1234. */
export function parseAiderCount(text: string): number {
  const value = Number.parseFloat(text.replace(/,/g, ''));
  if (text.endsWith('k')) return Math.round(value * 1000);
  if (text.endsWith('M')) return Math.round(value * 1_000_000);
  return value;
}

export function parseAiderLine(line: string, state: AgentParseState): AgentEvent[] {
  const text = line.trim();
  const usage = USAGE_LINE.exec(text);
  if (usage !== null) {
    // A model call succeeded after any earlier error (aider retries).
    state.lastError = undefined;
    state.usage = usageOf({
      inputTokens: (state.usage.inputTokens ?? 0) + parseAiderCount(usage[1] as string),
      outputTokens: (state.usage.outputTokens ?? 0) + parseAiderCount(usage[2] as string),
      costUsd: Number.parseFloat((usage[4] as string).replace(/,/g, '')),
    });
    return [{ type: 'usage', usage: state.usage }];
  }
  const events = parsePlainTextLine(line, state);
  if (FAILURE_LINE.test(text)) state.lastError = text;
  const edit = APPLIED_EDIT.exec(text);
  if (edit !== null) events.push({ type: 'file', path: (edit[1] as string).trim(), kind: 'edit' });
  return events;
}
