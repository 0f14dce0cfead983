/** Claude Code `--output-format stream-json --verbose` lines → weft events. */
import type { AgentEvent, AgentParseState } from '../types.js';
import {
  addBlocked,
  asNumber,
  asString,
  isRecord,
  parseJsonObject,
  summarizeToolInput,
  usageOf,
} from './common.js';

/** Tools whose successful result means a file changed. */
const FILE_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);

interface ClaudeParseState extends AgentParseState {
  cwd?: string;
  toolUses?: Record<string, { name: string; input: unknown }>;
  deniedToolUses?: string[];
}

export function parseClaudeLine(line: string, parseState: AgentParseState): AgentEvent[] {
  const state = parseState as ClaudeParseState;
  const msg = parseJsonObject(line);
  if (msg === undefined) return [];
  switch (msg.type) {
    case 'system':
      return systemEvent(msg, state);
    case 'assistant':
      return assistantEvents(msg, state);
    case 'user':
      return toolResultEvents(msg, state);
    case 'result':
      return resultEvents(msg, state);
    default:
      return [];
  }
}

function systemEvent(msg: Record<string, unknown>, state: ClaudeParseState): AgentEvent[] {
  if (msg.subtype === 'init') {
    state.sessionId = asString(msg.session_id);
    state.cwd = asString(msg.cwd);
    return [{ type: 'started', sessionId: state.sessionId, model: asString(msg.model) }];
  }
  if (msg.subtype === 'permission_denied') {
    const tool = asString(msg.tool_name) ?? 'a tool';
    const why = asString(msg.message) ?? asString(msg.decision_reason) ?? 'permission denied';
    const input = state.toolUses?.[asString(msg.tool_use_id) ?? '']?.input;
    return denial(state, asString(msg.tool_use_id), tool, why, input);
  }
  return [];
}

function denial(
  state: ClaudeParseState,
  toolUseId: string | undefined,
  tool: string,
  why: string,
  input: unknown,
): AgentEvent[] {
  if (toolUseId !== undefined) {
    state.deniedToolUses ??= [];
    if (state.deniedToolUses.includes(toolUseId)) return [];
    state.deniedToolUses.push(toolUseId);
  }
  const what = summarizeToolInput(input);
  const reason = `permission denied: ${tool}${what === undefined ? '' : ` (${what})`}: ${why}`;
  return addBlocked(state, reason) ? [{ type: 'blocked', reason }] : [];
}

function contentBlocks(msg: Record<string, unknown>): Record<string, unknown>[] {
  const message = msg.message;
  if (!isRecord(message) || !Array.isArray(message.content)) return [];
  return message.content.filter(isRecord);
}

function assistantEvents(msg: Record<string, unknown>, state: ClaudeParseState): AgentEvent[] {
  // Subagents' messages carry a parent tool id; only the main agent speaks for the run.
  if (msg.parent_tool_use_id !== null && msg.parent_tool_use_id !== undefined) return [];
  const events: AgentEvent[] = [];
  for (const block of contentBlocks(msg)) {
    if (block.type === 'text' && typeof block.text === 'string' && block.text.trim() !== '') {
      events.push({ type: 'message', text: block.text });
    } else if (block.type === 'tool_use') {
      const name = asString(block.name) ?? 'tool';
      state.toolUses ??= {};
      if (typeof block.id === 'string') state.toolUses[block.id] = { name, input: block.input };
      events.push({ type: 'tool', name, input: summarizeToolInput(block.input) });
    }
  }
  return events;
}

function toolResultEvents(msg: Record<string, unknown>, state: ClaudeParseState): AgentEvent[] {
  const events: AgentEvent[] = [];
  const detail = isRecord(msg.tool_use_result) ? msg.tool_use_result : undefined;
  for (const block of contentBlocks(msg)) {
    if (block.type !== 'tool_result' || block.is_error === true) continue;
    const use = state.toolUses?.[asString(block.tool_use_id) ?? ''];
    if (use === undefined || !FILE_TOOLS.has(use.name) || !isRecord(use.input)) continue;
    const path = asString(use.input.file_path) ?? asString(use.input.notebook_path);
    if (path === undefined) continue;
    const kind = asString(detail?.type) ?? (use.name === 'Write' ? 'write' : 'edit');
    events.push({ type: 'file', path: relativeToCwd(path, state.cwd), kind });
  }
  return events;
}

function relativeToCwd(path: string, cwd: string | undefined): string {
  if (cwd === undefined || !path.startsWith(`${cwd}/`)) return path;
  return path.slice(cwd.length + 1);
}

function resultEvents(msg: Record<string, unknown>, state: ClaudeParseState): AgentEvent[] {
  const events: AgentEvent[] = [];
  const usage = isRecord(msg.usage) ? msg.usage : {};
  state.usage = usageOf({
    inputTokens: asNumber(usage.input_tokens),
    outputTokens: asNumber(usage.output_tokens),
    cacheReadTokens: asNumber(usage.cache_read_input_tokens),
    costUsd: asNumber(msg.total_cost_usd),
  });
  events.push({ type: 'usage', usage: state.usage });
  if (Array.isArray(msg.permission_denials)) {
    for (const d of msg.permission_denials.filter(isRecord)) {
      const tool = asString(d.tool_name) ?? 'a tool';
      events.push(...denial(state, asString(d.tool_use_id), tool, 'needs approval', d.tool_input));
    }
  }
  state.sessionId ??= asString(msg.session_id);
  const text = asString(msg.result);
  if (text !== undefined && text.trim() !== '') state.finalMessage = text;
  // API and auth failures arrive as subtype "success" with is_error: true.
  const ok = msg.is_error !== true;
  state.result = ok ? { ok } : { ok, reason: failureReason(msg, text) };
  return events;
}

function failureReason(msg: Record<string, unknown>, text: string | undefined): string {
  if (Array.isArray(msg.errors) && msg.errors.length > 0) return msg.errors.map(String).join('; ');
  if (text !== undefined && text.trim() !== '') return text.trim();
  const status = asNumber(msg.api_error_status);
  if (status !== undefined) return `API error ${status}`;
  switch (msg.subtype) {
    case 'error_max_turns':
      return 'reached the turn limit';
    case 'error_max_budget_usd':
      return 'reached the budget limit';
    default:
      return asString(msg.subtype) ?? 'claude reported an error';
  }
}
