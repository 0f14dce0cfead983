/** What `weft run` and `weft resume` share: the renderer, signals, the summary and the exit code. */
import { EXIT } from '../errors.js';
import { renderSummary } from '../report/summary-text.js';
import { TerminalRenderer } from '../report/terminal-renderer.js';
import type { RunHandle, RunResult } from '../run/run.js';

export function makeRenderer(json: boolean): TerminalRenderer {
  const tty = process.stdout.isTTY === true && process.env.CI !== 'true';
  return new TerminalRenderer({ out: process.stdout, mode: json ? 'json' : tty ? 'tty' : 'plain' });
}

/** SIGINT, SIGTERM and SIGHUP stop the run (agents stopped, work committed); a second SIGINT is ignored while that happens. */
export function stopOnSignals(handle: RunHandle): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!stopping)
      process.stderr.write(`\nweft: ${signal}: stopping the workers and committing their work…\n`);
    stopping = true;
    handle.stop();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}

export async function finishRun(
  handle: RunHandle,
  renderer: TerminalRenderer,
  json: boolean,
): Promise<number> {
  const detach = stopOnSignals(handle);
  let result: RunResult;
  try {
    result = await handle.result;
  } finally {
    detach();
    renderer.close();
  }
  if (!json) {
    for (const w of result.warnings) process.stderr.write(`weft: warning: ${w}\n`);
    process.stdout.write(`\n${renderSummary(result, renderer.state, process.cwd())}\n`);
  }
  return exitCodeOf(result);
}

export function exitCodeOf(result: RunResult): number {
  if (result.stopped) return result.stopped.critical ? EXIT.critical : EXIT.interrupted;
  const s = result.summary;
  return s.merged === s.total ? EXIT.ok : EXIT.partial;
}
