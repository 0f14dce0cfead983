/**
 * Gemini CLI: `gemini --prompt=<p> --output-format=stream-json --skip-trust
 * --approval-mode <mode>`. The `=` forms keep a prompt that starts with "-"
 * from being read as a flag. Approval: `yolo` for write work (headless
 * default mode does not even offer shell and write tools), `plan` when
 * read-only; `request.tools` is not passed (the approval mode governs). Each instance gets its own `GEMINI_CLI_HOME` (it replaces the
 * home dir: state lives in `$GEMINI_CLI_HOME/.gemini`), seeded with the user's
 * settings (the auth type lives there) and OAuth files. No cost field.
 */
import { join } from 'node:path';
import type { AgentAdapter, AgentRequest } from '../types.js';
import { type AgentSettings, describeExit } from './common.js';
import { flushGeminiText, parseGeminiLine } from './gemini-stream.js';
import { homeOf, seedStateDir } from './state-home.js';

const CARRIED_FILES = ['settings.json', 'oauth_creds.json', 'google_accounts.json', 'GEMINI.md'];

/** Exit codes gemini documents for headless runs. */
const EXIT_REASONS: Record<number, string> = {
  41: 'authentication failed (exit 41): log in with `gemini` or set GEMINI_API_KEY',
  42: 'invalid input (exit 42)',
  44: 'sandbox error (exit 44)',
  52: 'configuration error (exit 52)',
  53: 'turn limit reached (exit 53)',
  54: 'fatal tool error (exit 54)',
  55: 'workspace not trusted (exit 55)',
  130: 'cancelled (exit 130)',
};

/** API failures exit with the HTTP status modulo 256. */
const HTTP_STATUSES = [400, 401, 403, 404, 429, 500, 502, 503, 504];

export function geminiExitReason(code: number): string {
  const known = EXIT_REASONS[code];
  if (known !== undefined) return known;
  const status = HTTP_STATUSES.find((s) => s % 256 === code);
  if (status !== undefined) return `API error: HTTP ${status} (exit ${code})`;
  return `exited with code ${code}`;
}

export function geminiHome(request: AgentRequest): string {
  return join(request.stateDir, 'gemini');
}

function userGeminiDir(env: NodeJS.ProcessEnv): string {
  const home =
    env.GEMINI_CLI_HOME !== undefined && env.GEMINI_CLI_HOME !== '' ? env.GEMINI_CLI_HOME : homeOf(env);
  return join(home, '.gemini');
}

export function geminiAdapter(settings: AgentSettings = {}): AgentAdapter {
  return {
    name: 'gemini',
    binary: 'gemini',
    installHint: 'npm install -g @google/gemini-cli',
    invocation(request) {
      const model = request.model ?? settings.model;
      return {
        command: 'gemini',
        args: [
          `--prompt=${request.prompt}`,
          '--output-format=stream-json',
          '--skip-trust',
          `--approval-mode=${request.readOnly ? 'plan' : 'yolo'}`,
          ...(model === undefined ? [] : [`--model=${model}`]),
          ...(settings.args ?? []),
        ],
        env: { GEMINI_CLI_HOME: geminiHome(request) },
      };
    },
    prepare: (request, baseEnv = process.env) =>
      seedStateDir(join(geminiHome(request), '.gemini'), userGeminiDir(baseEnv), CARRIED_FILES),
    parseLine: parseGeminiLine,
    finish(exit, state) {
      flushGeminiText(state);
      if (exit.signal !== null) return { ok: false, reason: describeExit(exit) };
      if (exit.code !== 0 && exit.code !== null) {
        const detail = state.result !== undefined && !state.result.ok ? state.result.reason : undefined;
        const reason = geminiExitReason(exit.code);
        return { ok: false, reason: detail === undefined ? reason : `${reason}: ${detail}` };
      }
      return state.result ?? { ok: false, reason: `${describeExit(exit)} without a result` };
    },
  };
}
