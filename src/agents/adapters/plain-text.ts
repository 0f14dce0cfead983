/**
 * Output handling for agents that print plain text (the shell agent, any
 * `command` template): each non-empty line is a message, and the final message
 * is the last few non-empty lines, from stdout and stderr alike.
 */
import type { AgentEvent, AgentParseState } from '../types.js';

const FINAL_LINES = 3;

export function parsePlainTextLine(line: string, state: AgentParseState): AgentEvent[] {
  const text = line.trimEnd();
  if (text.trim() === '') return [];
  const tail = Array.isArray(state.tail) ? (state.tail as string[]) : [];
  tail.push(text);
  if (tail.length > FINAL_LINES) tail.shift();
  state.tail = tail;
  state.finalMessage = tail.join('\n');
  return [{ type: 'message', text }];
}
