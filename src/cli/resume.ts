/** `weft resume [run-id]`: continue an interrupted run from its journal. */
import type { Command } from 'commander';
import { resume } from '../run/resume.js';
import { action } from './errors.js';
import { assertNotNested, maxWorkersFromEnv } from './nesting.js';
import { parseWorkersFlag } from './plan.js';
import { parseDurationFlag } from './run.js';
import { addNotifyOptions, finishRun, makeNotifier, makeRenderer } from './run-output.js';

interface ResumeFlags {
  workers?: string;
  agent?: string;
  timeout?: string;
  hangTimeout?: string;
  mergeInto?: string;
  json?: boolean;
  pool?: boolean;
  notify?: boolean;
  onEvent?: string;
}

export function registerResume(program: Command): void {
  const cmd = program
    .command('resume')
    .description('continue an interrupted run (Ctrl-C, kill -9, reboot, critical stop) from its journal')
    .argument('[run-id]', 'the session to resume (default: the newest interrupted one)')
    .option('-w, --workers <n>', 'parallel workers (default: as the run started)')
    .option('-a, --agent <name>', 'agent for tasks that name none (default: as the run started)')
    .option('--timeout <duration>', 'per-task timeout')
    .option('--hang-timeout <duration>', 'stop an agent silent for this long')
    .option('--merge-into <branch>', 'fast-forward this branch to the result at the end')
    .option('--json', 'print every event as a JSON line')
    .option(
      '--no-pool',
      'remove the pooled worktrees (.trees/weft/pool/) at the end instead of keeping them for the next run',
    );
  addNotifyOptions(cmd).action(
    action(async (runId: string | undefined, flags: ResumeFlags) => {
      assertNotNested('resume');
      const renderer = await makeRenderer(flags.json === true);
      const timeoutMs = parseDurationFlag('--timeout', flags.timeout);
      const hangTimeoutMs = parseDurationFlag('--hang-timeout', flags.hangTimeout);
      const maxWorkers = maxWorkersFromEnv();
      const notifier = await makeNotifier(flags, runId);
      const handle = resume({
        cwd: process.cwd(),
        ...(runId ? { runId } : {}),
        ...(flags.workers ? { workers: parseWorkersFlag(flags.workers) } : {}),
        ...(maxWorkers ? { maxWorkers } : {}),
        ...(flags.agent ? { agent: flags.agent } : {}),
        ...(timeoutMs ? { timeoutMs } : {}),
        ...(hangTimeoutMs ? { hangTimeoutMs } : {}),
        ...(flags.mergeInto ? { mergeInto: flags.mergeInto } : {}),
        ...(flags.pool === false ? { pool: false } : {}),
        observers: [renderer, notifier],
        onState: (s) => renderer.seed(s),
      });
      return finishRun(handle, renderer, flags.json === true, notifier);
    }),
  );
}
