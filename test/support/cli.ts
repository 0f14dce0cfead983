/** Run the built `weft` binary (dist/bin, the bundle package.json's bin names) as a user would. `npm test` builds first. */
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { GIT_TEST_ENV } from './repo.js';

export const WEFT_BIN = fileURLToPath(new URL('../../dist/bin/weft.js', import.meta.url));

export interface WeftResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runWeft(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; input?: string; timeoutMs?: number },
): Promise<WeftResult> {
  const r = await execa(process.execPath, [WEFT_BIN, ...args], {
    cwd: options.cwd,
    env: { ...GIT_TEST_ENV, CI: 'true', NO_COLOR: '1', ...options.env },
    input: options.input,
    stdin: options.input === undefined ? 'ignore' : 'pipe',
    reject: false,
    timeout: options.timeoutMs ?? 60_000,
  });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Start weft without waiting (for interrupt tests). */
export function startWeft(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): ResultPromise {
  return execa(process.execPath, [WEFT_BIN, ...args], {
    cwd: options.cwd,
    env: { ...GIT_TEST_ENV, CI: 'true', NO_COLOR: '1', ...options.env },
    stdin: 'ignore',
    reject: false,
  });
}
