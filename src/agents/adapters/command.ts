/**
 * Any CLI as an agent, from a template: `{ command, args, promptVia }`. An arg
 * that is exactly `{prompt}` becomes the prompt (whole-argument substitution
 * only, so the prompt can never split into several arguments or reach a shell);
 * with `promptVia: 'stdin'` the prompt is written to stdin instead.
 */
import { UsageError } from '../../errors.js';
import type { AgentAdapter } from '../types.js';
import { exitCodeVerdict } from './common.js';
import { parsePlainTextLine } from './plain-text.js';

export interface CommandTemplate {
  command: string;
  args?: string[];
  /** `arg` (default): replace `{prompt}` args; `stdin`: write the prompt to stdin. */
  promptVia?: 'arg' | 'stdin';
}

export const PROMPT_PLACEHOLDER = '{prompt}';

export function commandAdapter(
  template: CommandTemplate | undefined,
  extraArgs: string[] = [],
): AgentAdapter {
  if (template === undefined || typeof template.command !== 'string' || template.command === '') {
    throw new UsageError('the command agent needs a template: { command: "my-agent", args: ["{prompt}"] }', {
      details: ['an arg equal to {prompt} is replaced by the prompt; or set promptVia: "stdin"'],
    });
  }
  const args = template.args ?? [];
  const viaStdin = template.promptVia === 'stdin';
  if (!viaStdin && !args.includes(PROMPT_PLACEHOLDER)) {
    throw new UsageError(`the command agent template for ${template.command} never passes the prompt`, {
      details: ['add an arg equal to {prompt}, or set promptVia: "stdin"'],
    });
  }
  return {
    name: 'command',
    binary: template.command,
    installHint: `install ${template.command} or fix the command agent's template`,
    invocation(request) {
      const argv = args.map((a) => (a === PROMPT_PLACEHOLDER && !viaStdin ? request.prompt : a));
      return {
        command: template.command,
        args: [...argv, ...extraArgs],
        env: {},
        ...(viaStdin ? { stdin: request.prompt } : {}),
      };
    },
    parseLine: parsePlainTextLine,
    parseStderrLine: parsePlainTextLine,
    finish: exitCodeVerdict,
  };
}
