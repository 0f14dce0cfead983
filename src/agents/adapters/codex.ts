/**
 * Codex: `codex -a never exec --json -C <cwd> -s <sandbox> -- <prompt>`, stdin
 * closed (an open stdin is read and appended, and the process never exits).
 * Each instance gets its own `CODEX_HOME` (concurrent starts on one home hit
 * "database is locked"), seeded with the user's `auth.json`, `config.toml` and
 * `AGENTS.md`. Codex reports tokens but no cost.
 */
import { join } from 'node:path';
import type { AgentAdapter, AgentEvent, AgentParseState, AgentRequest } from '../types.js';
import {
  type AgentSettings,
  asNumber,
  asString,
  describeExit,
  isRecord,
  parseJsonObject,
  usageOf,
} from './common.js';
import { homeOf, seedStateDir } from './state-home.js';

const CARRIED_FILES = ['auth.json', 'config.toml', 'AGENTS.md'];

export function codexHome(request: AgentRequest): string {
  return join(request.stateDir, 'codex');
}

function userCodexHome(env: NodeJS.ProcessEnv): string {
  return env.CODEX_HOME !== undefined && env.CODEX_HOME !== '' ? env.CODEX_HOME : join(homeOf(env), '.codex');
}

export function codexAdapter(settings: AgentSettings = {}): AgentAdapter {
  return {
    name: 'codex',
    binary: 'codex',
    installHint: 'npm install -g @openai/codex',
    invocation(request) {
      const model = request.model ?? settings.model;
      return {
        command: 'codex',
        args: [
          // Approval policy is a top-level flag; exec has no one to ask anyway.
          '-a',
          'never',
          'exec',
          '--json',
          '-C',
          request.cwd,
          '-s',
          request.readOnly ? 'read-only' : 'workspace-write',
          ...(model === undefined ? [] : ['-m', model]),
          ...(settings.args ?? []),
          '--',
          request.prompt,
        ],
        env: { CODEX_HOME: codexHome(request) },
      };
    },
    prepare: (request, baseEnv = process.env) =>
      seedStateDir(codexHome(request), userCodexHome(baseEnv), CARRIED_FILES),
    parseLine: parseCodexLine,
    finish(exit, state) {
      if (exit.signal !== null) return { ok: false, reason: describeExit(exit) };
      if (state.result !== undefined && !state.result.ok) return state.result;
      if (exit.code !== 0) {
        const lastError = asString(state.lastError);
        return { ok: false, reason: lastError ?? describeExit(exit) };
      }
      return { ok: true };
    },
  };
}

export function parseCodexLine(line: string, state: AgentParseState): AgentEvent[] {
  const event = parseJsonObject(line);
  if (event === undefined) return [];
  switch (event.type) {
    case 'thread.started':
      state.sessionId = asString(event.thread_id);
      return [{ type: 'started', sessionId: state.sessionId }];
    case 'item.started':
    case 'item.completed':
      return isRecord(event.item) ? itemEvents(event.type, event.item, state) : [];
    case 'turn.completed': {
      const usage = isRecord(event.usage) ? event.usage : {};
      // Counters are cumulative over a (resumed) thread: the latest is the total.
      state.usage = usageOf({
        inputTokens: asNumber(usage.input_tokens),
        outputTokens: asNumber(usage.output_tokens),
        cacheReadTokens: asNumber(usage.cached_input_tokens),
      });
      state.result = { ok: true };
      return [{ type: 'usage', usage: state.usage }];
    }
    case 'turn.failed': {
      const message = isRecord(event.error) ? asString(event.error.message) : undefined;
      state.result = { ok: false, reason: message ?? 'turn failed' };
      return [];
    }
    case 'error':
      // Non-fatal (reconnects); kept as the reason if the process then fails.
      state.lastError = asString(event.message);
      return [];
    default:
      return [];
  }
}

function itemEvents(phase: string, item: Record<string, unknown>, state: AgentParseState): AgentEvent[] {
  const started = phase === 'item.started';
  switch (item.type) {
    case 'command_execution':
      return started ? [{ type: 'tool', name: 'shell', input: asString(item.command) }] : [];
    case 'mcp_tool_call':
      return started ? [{ type: 'tool', name: [item.server, item.tool].filter(Boolean).join('.') }] : [];
    case 'file_change': {
      if (started || !Array.isArray(item.changes)) return [];
      return item.changes.filter(isRecord).flatMap((change): AgentEvent[] => {
        const path = asString(change.path);
        return path === undefined ? [] : [{ type: 'file', path, kind: asString(change.kind) }];
      });
    }
    case 'agent_message': {
      const text = asString(item.text);
      if (started || text === undefined || text.trim() === '') return [];
      state.finalMessage = text;
      return [{ type: 'message', text }];
    }
    case 'error':
      if (!started) state.lastError = asString(item.message);
      return [];
    default:
      return [];
  }
}
