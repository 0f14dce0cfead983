/** Feed recorded output lines through an adapter, as runAgent would, without a process. */
import { readFileSync } from 'node:fs';
import { newParseState } from '../../../src/agents/adapters/common.js';
import type { AgentAdapter, AgentEvent, AgentParseState } from '../../../src/agents/types.js';

export interface Parsed {
  events: AgentEvent[];
  state: AgentParseState;
  verdict: { ok: boolean; reason?: string };
}

export function parseAll(
  adapter: AgentAdapter,
  lines: string[],
  exit: { code: number | null; signal: string | null } = { code: 0, signal: null },
  stderr: string[] = [],
): Parsed {
  const state = newParseState();
  const events = lines.flatMap((line) => adapter.parseLine(line, state));
  for (const line of stderr) events.push(...(adapter.parseStderrLine?.(line, state) ?? []));
  return { events, state, verdict: adapter.finish(exit, state) };
}

export function fixtureLines(name: string): string[] {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  return text.split('\n').filter((l) => l !== '');
}

export const jsonLines = (...objects: unknown[]): string[] => objects.map((o) => JSON.stringify(o));

export const ofType = <T extends AgentEvent['type']>(events: AgentEvent[], type: T) =>
  events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);
