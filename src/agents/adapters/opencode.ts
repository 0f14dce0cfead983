/**
 * opencode: `opencode run --format json [--agent plan] [-m provider/model] --
 * <message>`, stdin closed (it reads all of a non-TTY stdin). One
 * `OPENCODE_DB` per instance: a shared SQLite db locks under concurrency; auth
 * stays where the user logged in. A denied permission shows only on stderr
 * ("auto-rejecting …", exit 0): stderr lines are watched for it. Cost and
 * tokens are summed over `step_finish` events.
 */
import { join } from 'node:path';
import type { AgentAdapter, AgentEvent, AgentParseState, AgentRequest } from '../types.js';
import {
  type AgentSettings,
  addBlocked,
  asNumber,
  asString,
  describeExit,
  isRecord,
  parseJsonObject,
  summarizeToolInput,
  usageOf,
} from './common.js';
import { seedStateDir } from './state-home.js';

const FILE_TOOLS = new Set(['edit', 'write', 'patch', 'multiedit']);

export function opencodeDb(request: AgentRequest): string {
  return join(request.stateDir, 'opencode', 'opencode.db');
}

export function opencodeAdapter(settings: AgentSettings = {}): AgentAdapter {
  return {
    name: 'opencode',
    binary: 'opencode',
    installHint: 'npm install -g opencode-ai',
    invocation(request) {
      const model = request.model ?? settings.model;
      return {
        command: 'opencode',
        args: [
          'run',
          '--format',
          'json',
          // opencode's built-in read-only agent.
          ...(request.readOnly ? ['--agent', 'plan'] : []),
          ...(model === undefined ? [] : ['-m', model]),
          ...(settings.args ?? []),
          '--',
          request.prompt,
        ],
        env: { OPENCODE_DB: opencodeDb(request) },
      };
    },
    prepare: (request) => seedStateDir(join(request.stateDir, 'opencode'), undefined, []),
    parseLine: parseOpencodeLine,
    parseStderrLine: parseOpencodeStderr,
    finish(exit, state) {
      if (exit.signal !== null) return { ok: false, reason: describeExit(exit) };
      if (state.result !== undefined && !state.result.ok) return state.result;
      return exit.code === 0 ? { ok: true } : { ok: false, reason: describeExit(exit) };
    },
  };
}

export function parseOpencodeStderr(line: string, state: AgentParseState): AgentEvent[] {
  if (!/auto-rejecting/i.test(line)) return [];
  const reason = `permission denied: ${line.replace(/\x1b\[[0-9;]*m/g, '').trim()}`;
  return addBlocked(state, reason) ? [{ type: 'blocked', reason }] : [];
}

export function parseOpencodeLine(line: string, state: AgentParseState): AgentEvent[] {
  const event = parseJsonObject(line);
  if (event === undefined) return [];
  if (state.sessionId === undefined && typeof event.sessionID === 'string') {
    state.sessionId = event.sessionID;
    return [{ type: 'started', sessionId: event.sessionID }, ...partEvents(event, state)];
  }
  return partEvents(event, state);
}

function partEvents(event: Record<string, unknown>, state: AgentParseState): AgentEvent[] {
  const part = isRecord(event.part) ? event.part : {};
  switch (event.type) {
    case 'text': {
      const text = asString(part.text);
      if (text === undefined || text.trim() === '') return [];
      state.finalMessage = text;
      return [{ type: 'message', text }];
    }
    case 'tool_use':
      return toolEvents(part);
    case 'step_finish':
      return [{ type: 'usage', usage: addStepUsage(part, state) }];
    case 'error': {
      const error = isRecord(event.error) ? event.error : {};
      const data = isRecord(error.data) ? error.data : {};
      const message = asString(data.message) ?? asString(error.name) ?? 'opencode reported an error';
      state.result = { ok: false, reason: message };
      return [];
    }
    default:
      return [];
  }
}

function toolEvents(part: Record<string, unknown>): AgentEvent[] {
  const tool = asString(part.tool) ?? 'tool';
  const toolState = isRecord(part.state) ? part.state : {};
  const events: AgentEvent[] = [{ type: 'tool', name: tool, input: summarizeToolInput(toolState.input) }];
  const input = isRecord(toolState.input) ? toolState.input : {};
  const path = asString(input.filePath) ?? asString(input.file_path);
  if (FILE_TOOLS.has(tool) && toolState.status === 'completed' && path !== undefined) {
    events.push({ type: 'file', path, kind: tool === 'write' ? 'write' : 'edit' });
  }
  return events;
}

function addStepUsage(part: Record<string, unknown>, state: AgentParseState) {
  const tokens = isRecord(part.tokens) ? part.tokens : {};
  const cache = isRecord(tokens.cache) ? tokens.cache : {};
  const add = (a: number | undefined, b: number | undefined) =>
    a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
  state.usage = usageOf({
    inputTokens: add(state.usage.inputTokens, asNumber(tokens.input)),
    outputTokens: add(state.usage.outputTokens, asNumber(tokens.output)),
    cacheReadTokens: add(state.usage.cacheReadTokens, asNumber(cache.read)),
    costUsd: add(state.usage.costUsd, asNumber(part.cost)),
  });
  return state.usage;
}
