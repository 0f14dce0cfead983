import { EXIT, isWeftError } from '../errors.js';

/** The one place errors become text and exit codes. */
export function reportError(err: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (isWeftError(err)) {
    stderr.write(`weft: ${err.message}\n`);
    for (const line of err.details) stderr.write(`  ${line}\n`);
    return err.exitCode;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  stderr.write(`weft: internal error: ${e.message}\n`);
  if (process.env.WEFT_DEBUG) stderr.write(`${e.stack ?? ''}\n`);
  else stderr.write('  (set WEFT_DEBUG=1 for the stack trace)\n');
  return EXIT.internal;
}

/** Wrap a command action: run it, print any error, set the exit code. */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<number | undefined> | number | undefined,
) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? EXIT.ok;
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}
