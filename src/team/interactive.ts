/**
 * How each agent CLI starts an interactive session with a first prompt
 * (the role's instructions). The headless adapter still prepares the
 * per-instance state dir (one config home per concurrent instance) and
 * supplies the variables that point the CLI at it — unless isolation is off
 * (`team.isolateAgentState: false`), when every role uses the user's home.
 *
 *   claude    claude --name <window> [--model M] -- <instructions>
 *   codex     codex -C <cwd> [-m M] -- <instructions>
 *   gemini    gemini --prompt-interactive=<instructions> --skip-trust [--model=M]
 *   opencode  opencode --prompt <instructions> [-m M]
 *   aider     aider --read=.weft-role.md [--model=M]   (no first prompt: the instructions are read-only context)
 *   shell     $SHELL -i                                 (the instructions are in .weft-role.md)
 *   command   the configured template, {prompt} = the instructions
 */
import type { AgentAdapter, AgentRequest } from '../agents/types.js';
import { ROLE_FILE } from './instructions.js';

export interface InteractiveLaunch {
  command: string;
  args: string[];
  /** Variables the agent needs besides the role's own (its state dir). */
  env: Record<string, string>;
  /** Shown in the window before the agent starts, when the agent cannot take the instructions itself. */
  note?: string;
}

export async function interactiveLaunch(
  adapter: AgentAdapter,
  request: AgentRequest,
  windowName: string,
  baseEnv: NodeJS.ProcessEnv,
  options: { isolate?: boolean } = {},
): Promise<InteractiveLaunch> {
  const isolate = options.isolate ?? true;
  if (isolate) await adapter.prepare?.(request, baseEnv);
  const headless = adapter.invocation(request, baseEnv);
  // Not isolated: the CLI uses the user's own home, as when they start it by hand.
  const env = isolate ? headless.env : {};
  const { prompt, model } = request;
  switch (adapter.name) {
    case 'claude':
      return {
        command: 'claude',
        args: ['--name', windowName, ...(model ? ['--model', model] : []), '--', prompt],
        env,
      };
    case 'codex':
      return {
        command: 'codex',
        args: ['-C', request.cwd, ...(model ? ['-m', model] : []), '--', prompt],
        env,
      };
    case 'gemini':
      return {
        command: 'gemini',
        args: [`--prompt-interactive=${prompt}`, '--skip-trust', ...(model ? [`--model=${model}`] : [])],
        env,
      };
    case 'opencode':
      return { command: 'opencode', args: ['--prompt', prompt, ...(model ? ['-m', model] : [])], env };
    case 'aider':
      return {
        command: 'aider',
        args: [`--read=${ROLE_FILE}`, '--no-check-update', ...(model ? [`--model=${model}`] : [])],
        env,
        note: `aider reads your instructions from ${ROLE_FILE}; ask it to follow them.`,
      };
    case 'shell': {
      const shell = baseEnv.SHELL !== undefined && baseEnv.SHELL !== '' ? baseEnv.SHELL : '/bin/sh';
      return { command: shell, args: ['-i'], env: {}, note: `your instructions are in ${ROLE_FILE}` };
    }
    default:
      return {
        command: headless.command,
        args: headless.args,
        env,
        ...(headless.stdin === undefined ? {} : { note: `the instructions are in ${ROLE_FILE}` }),
      };
  }
}
