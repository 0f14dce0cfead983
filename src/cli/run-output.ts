/** What `weft run` and `weft resume` share: the renderer, signals, the summary and the exit code. */
import { EXIT } from '../errors.js';
import { resolveRepo } from '../git/repo-paths.js';
import { createNotifier, type Notifier } from '../notify/notifier.js';
import { loadNotifySettings, resolveNotifyOptions } from '../notify/settings.js';
import { writeRunReport } from '../report/html/write-report.js';
import { renderSummary } from '../report/summary-text.js';
import { TerminalRenderer } from '../report/terminal-renderer.js';
import type { RunHandle, RunResult } from '../run/run.js';

export function makeRenderer(json: boolean): Promise<TerminalRenderer> {
  const tty = process.stdout.isTTY === true && process.env.CI !== 'true';
  return TerminalRenderer.create({ out: process.stdout, mode: json ? 'json' : tty ? 'tty' : 'plain' });
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
  notifier?: Notifier,
): Promise<number> {
  const detach = stopOnSignals(handle);
  let result: RunResult;
  try {
    result = await handle.result;
  } finally {
    detach();
    renderer.close();
  }
  const report = await writeRunReport(result.sessionDir).catch((e: unknown) => {
    process.stderr.write(`weft: warning: no run report: ${e instanceof Error ? e.message : String(e)}\n`);
    return undefined;
  });
  if (!json) {
    for (const w of result.warnings) process.stderr.write(`weft: warning: ${w}\n`);
    process.stdout.write(`\n${renderSummary(result, renderer.state, process.cwd())}\n`);
    if (report) process.stdout.write(`Report: ${report}\n`);
  } else if (report) {
    process.stderr.write(`weft: report: ${report}\n`);
  }
  await notifier?.idle();
  return exitCodeOf(result);
}

export function exitCodeOf(result: RunResult): number {
  if (result.stopped) return result.stopped.critical ? EXIT.critical : EXIT.interrupted;
  const s = result.summary;
  return s.merged === s.total ? EXIT.ok : EXIT.partial;
}

export interface NotifyFlags {
  notify?: boolean;
  onEvent?: string;
}

/** Desktop notifications and the --on-event hook: flags win over config, which wins over "on in a terminal". */
export async function makeNotifier(flags: NotifyFlags, runId?: string): Promise<Notifier> {
  const top = await resolveRepo(process.cwd()).then(
    (r) => r.top,
    () => undefined,
  );
  const settings = top ? await loadNotifySettings(top) : {};
  return createNotifier({
    ...resolveNotifyOptions({
      ...(flags.notify === undefined ? {} : { flag: flags.notify }),
      ...(flags.onEvent === undefined ? {} : { onEventFlag: flags.onEvent }),
      settings,
      interactive: process.stderr.isTTY === true && process.env.CI !== 'true',
    }),
    onProblem: (m) => process.stderr.write(`weft: warning: ${m}\n`),
    ...(runId ? { runId } : {}),
  });
}

export function addNotifyOptions<T extends { option: (flags: string, description: string) => T }>(cmd: T): T {
  return cmd
    .option('--notify', 'desktop notification when a worker needs you and when the run ends')
    .option('--no-notify', 'no desktop notifications')
    .option(
      '--on-event <cmd>',
      'shell command run (sh -c) for each alert; the event arrives as JSON on stdin',
    );
}
