/**
 * How an agent takes a discovery role without being able to write.
 *  - Coding-agent CLIs run with `readOnly` (their adapters pick Claude Code's
 *    plan mode, codex's read-only sandbox, gemini's and opencode's plan
 *    modes, aider's ask mode) and the role's read-tool allow-list.
 *  - The shell agent has no question-answering of its own: it is refused
 *    unless every role defines read-only `commands` in config, which it then
 *    runs (the question is in `$WEFT_DISCOVER_QUESTION`, never spliced into
 *    the script). weft cannot prove such commands read-only, so this is also
 *    refused inside a worker, where discovery may only run in read-only modes.
 *  - The `command` agent (any CLI from a template) has no read-only switch
 *    weft could set: refused.
 */
import type { AgentRequest } from '../agents/types.js';
import { RefusedError } from '../errors.js';
import type { DiscoveryRole } from './roles.js';

/** Where a role's findings come from: the agent's final answer, or all its output lines. */
export type FindingsSource = 'final-answer' | 'output';

export interface ReadOnlyRun {
  request: Pick<AgentRequest, 'readOnly' | 'tools' | 'script'>;
  findingsFrom: FindingsSource;
}

export function readOnlyRun(agent: string, role: DiscoveryRole): ReadOnlyRun {
  if (agent === 'shell') {
    return { request: { readOnly: true, script: (role.commands ?? []).join('\n') }, findingsFrom: 'output' };
  }
  return { request: { readOnly: true, tools: role.tools }, findingsFrom: 'final-answer' };
}

/** Refuse, before anything starts, an agent that cannot take these roles read-only here. */
export function assertReadOnlyCapable(
  agent: string,
  roles: readonly DiscoveryRole[],
  options: { synthesize: boolean; workerDepth: number },
): void {
  if (agent === 'command') {
    throw new RefusedError(
      'E_NOT_READ_ONLY',
      'the command agent cannot be made read-only, so it cannot take discovery roles',
      { details: ['pass --agent claude (or codex, gemini, opencode, aider)'] },
    );
  }
  if (agent !== 'shell') return;
  if (options.workerDepth > 0) {
    throw new RefusedError(
      'E_NOT_READ_ONLY',
      'inside a worker, discovery runs only in read-only modes, and the shell agent has none',
      { details: ['pass --agent claude (or codex, gemini, opencode, aider)'] },
    );
  }
  const without = roles.filter((r) => r.commands === undefined).map((r) => r.name);
  if (without.length > 0) {
    throw new RefusedError(
      'E_NOT_READ_ONLY',
      `the shell agent cannot answer a question; role${without.length === 1 ? '' : 's'} ${without.join(', ')} define${without.length === 1 ? 's' : ''} no read-only commands`,
      {
        details: [
          'pass --agent claude (or codex, gemini, opencode, aider),',
          'or give each role read-only `commands:` under `roles:` in .weft/config.yaml',
        ],
      },
    );
  }
  if (options.synthesize) {
    throw new RefusedError('E_NOT_READ_ONLY', 'the shell agent cannot synthesize findings', {
      details: ['pass --agent claude (or codex, gemini, opencode, aider) with --synthesize'],
    });
  }
}
