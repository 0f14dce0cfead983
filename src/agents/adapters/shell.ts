/**
 * The built-in shell agent: runs the task's own ```sh block (or, without one,
 * the task text itself, e.g. `--task "npm run codegen"`) with `/bin/sh -e -c`.
 * The script is the user's shell code and is passed whole as the one argument
 * of `-c`; weft never splices task text, branch names or paths into it.
 */
import type { AgentAdapter } from '../types.js';
import { exitCodeVerdict } from './common.js';
import { parsePlainTextLine } from './plain-text.js';

export const shellAdapter: AgentAdapter = {
  name: 'shell',
  invocation(request) {
    const script = request.script ?? request.prompt;
    // -e: a failing step fails the task, as a CI script would.
    return { command: '/bin/sh', args: ['-e', '-c', script], env: {} };
  },
  parseLine: parsePlainTextLine,
  parseStderrLine: parsePlainTextLine,
  finish: exitCodeVerdict,
};
