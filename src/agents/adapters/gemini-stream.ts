/** Gemini CLI `--output-format stream-json` lines → weft events. */
import type { AgentEvent, AgentParseState } from '../types.js';
import { asNumber, asString, isRecord, parseJsonObject, summarizeToolInput, usageOf } from './common.js';

/** Tools whose success means a file changed. */
const FILE_TOOLS = new Set(['write_file', 'replace', 'edit']);

interface GeminiParseState extends AgentParseState {
  /** Assistant text streams as deltas; held until the turn moves on. */
  pendingText?: string;
  toolUses?: Record<string, { name: string; params: unknown }>;
}

export function parseGeminiLine(line: string, parseState: AgentParseState): AgentEvent[] {
  const state = parseState as GeminiParseState;
  const event = parseJsonObject(line);
  if (event === undefined) return [];
  switch (event.type) {
    case 'init':
      state.sessionId = asString(event.session_id);
      return [{ type: 'started', sessionId: state.sessionId, model: asString(event.model) }];
    case 'message': {
      const content = asString(event.content);
      if (event.role !== 'assistant' || content === undefined) return [];
      state.pendingText = event.delta === true ? (state.pendingText ?? '') + content : content;
      return [];
    }
    case 'tool_use': {
      const name = asString(event.tool_name) ?? 'tool';
      state.toolUses ??= {};
      state.toolUses[asString(event.tool_id) ?? ''] = { name, params: event.parameters };
      return [...flushGeminiText(state), { type: 'tool', name, input: summarizeToolInput(event.parameters) }];
    }
    case 'tool_result':
      return [...flushGeminiText(state), ...toolResult(event, state)];
    case 'error': {
      const message = asString(event.message);
      return message === undefined
        ? []
        : [{ type: 'message', text: `gemini ${asString(event.severity) ?? 'error'}: ${message}` }];
    }
    case 'result':
      return [...flushGeminiText(state), ...result(event, state)];
    default:
      return [];
  }
}

/** Emit the assistant text gathered so far as one message. */
export function flushGeminiText(parseState: AgentParseState): AgentEvent[] {
  const state = parseState as GeminiParseState;
  const text = state.pendingText;
  state.pendingText = undefined;
  if (text === undefined || text.trim() === '') return [];
  state.finalMessage = text;
  return [{ type: 'message', text }];
}

function toolResult(event: Record<string, unknown>, state: GeminiParseState): AgentEvent[] {
  const use = state.toolUses?.[asString(event.tool_id) ?? ''];
  if (use === undefined || event.status !== 'success' || !FILE_TOOLS.has(use.name) || !isRecord(use.params)) {
    return [];
  }
  const path = asString(use.params.file_path) ?? asString(use.params.absolute_path);
  return path === undefined
    ? []
    : [{ type: 'file', path, kind: use.name === 'write_file' ? 'write' : 'edit' }];
}

function result(event: Record<string, unknown>, state: GeminiParseState): AgentEvent[] {
  const stats = isRecord(event.stats) ? event.stats : {};
  state.usage = usageOf({
    inputTokens: asNumber(stats.input_tokens),
    outputTokens: asNumber(stats.output_tokens),
    cacheReadTokens: asNumber(stats.cached),
  });
  if (event.status === 'success') state.result = { ok: true };
  else {
    const error = isRecord(event.error) ? asString(event.error.message) : undefined;
    state.result = { ok: false, reason: error ?? `gemini reported status ${String(event.status)}` };
  }
  return [{ type: 'usage', usage: state.usage }];
}
