/** Small pieces every adapter shares: parse state, exit descriptions, JSON lines. */
import type { AgentParseState, Usage } from '../types.js';

/** Per-agent settings from weft's config. */
export interface AgentSettings {
  /** Extra argv appended to weft's own flags for this agent. */
  args?: string[];
  /** Model used when the request names none. */
  model?: string;
}

export type ProcessExit = { code: number | null; signal: string | null };

export function newParseState(): AgentParseState {
  return { usage: {}, blocked: [] };
}

/** "exited with code 3" / "killed by SIGKILL". */
export function describeExit(exit: ProcessExit): string {
  if (exit.signal !== null) return `killed by ${exit.signal}`;
  // What the shell means by them: a script's command, or the agent CLI a wrapper starts.
  if (exit.code === 127) return 'exited with code 127 (command not found)';
  if (exit.code === 126) return 'exited with code 126 (command not executable)';
  return `exited with code ${exit.code ?? 'unknown'}`;
}

/** Success by exit code alone: the rule for agents without a structured result. */
export function exitCodeVerdict(exit: ProcessExit): { ok: boolean; reason?: string } {
  return exit.code === 0 && exit.signal === null ? { ok: true } : { ok: false, reason: describeExit(exit) };
}

/** One JSON object per line; anything else (banners, partial writes) is not an event. */
export function parseJsonObject(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const SUMMARY_MAX = 200;

/** A one-line summary of a tool's input for progress lines: the command or path if there is one. */
export function summarizeToolInput(input: unknown): string | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input === 'string') return clip(input);
  if (!isRecord(input)) return clip(JSON.stringify(input));
  for (const key of ['command', 'cmd', 'file_path', 'filePath', 'path', 'pattern', 'url', 'query']) {
    const value = input[key];
    if (typeof value === 'string') return clip(value);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return clip(value.join(' '));
  }
  return clip(JSON.stringify(input));
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > SUMMARY_MAX ? `${oneLine.slice(0, SUMMARY_MAX - 1)}…` : oneLine;
}

/** Record a blocked reason once (several CLIs report one denial in two places). */
export function addBlocked(state: AgentParseState, reason: string): boolean {
  if (state.blocked.includes(reason)) return false;
  state.blocked.push(reason);
  return true;
}

/** Usage with only the counters the agent reported. */
export function usageOf(fields: {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  costUsd?: number;
}): Usage {
  const usage: Usage = {};
  for (const [key, value] of Object.entries(fields) as [keyof Usage, number | undefined][]) {
    if (value !== undefined) usage[key] = value;
  }
  return usage;
}
