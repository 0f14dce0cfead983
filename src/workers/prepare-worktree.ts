/**
 * Step 3 of spawn: a registered worker gets its worktree, the files a fresh
 * checkout lacks, its plan and the setup command's result. Until the agent
 * starts, any failure or interrupt undoes all of it: worktree, branch and
 * registry entry.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RefusedError } from '../errors.js';
import { ensureExcluded } from '../git/exclude.js';
import { addWorktree, removeWorktree, TREES_DIR, type Worktree } from '../git/worktree.js';
import { carryOver, carryOverCandidates } from './carry-over.js';
import type { WorkerObserver } from './events.js';
import { injectPlan, PLAN_FILE_IN_WORKTREE, type WorkerPlan } from './instructions.js';
import type { LaunchSpec } from './launch-spec.js';
import type { WorkerRecord } from './record.js';
import type { WorkerRegistry } from './registry.js';
import { runSetupCommand } from './setup-command.js';

export interface PreparedWorktree {
  record: WorkerRecord;
  launch: Pick<LaunchSpec, 'env' | 'stateDir' | 'weftFiles'>;
  /** Undo everything: worktree, branch, registry entry. */
  rollback(): Promise<void>;
}

export interface PrepareOptions {
  registry: WorkerRegistry;
  record: WorkerRecord;
  target: Worktree;
  plan?: WorkerPlan;
  setup?: string;
  env: NodeJS.ProcessEnv;
  /** When the caller passed its own environment, the agent gets it too (else it inherits process.env). */
  passEnv?: boolean;
  signal?: AbortSignal;
  emit: WorkerObserver;
}

function interrupted(): RefusedError {
  return new RefusedError('E_INTERRUPTED', 'interrupted before the agent started; nothing was kept');
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export async function prepareWorktree(options: PrepareOptions): Promise<PreparedWorktree> {
  const { registry, record, target, signal, emit } = options;
  const repo = registry.repo;
  let created = false;
  const rollback = async (): Promise<void> => {
    if (created) await removeWorktree(repo, target).catch(() => undefined);
    await registry.remove(record.id);
  };
  try {
    await addWorktree(repo, target);
    created = true;
    emit({ type: 'created', record });
    if (signal?.aborted) throw interrupted();
    const files = registry.files(record.id);
    const stateDir = join(files.dir, 'agent-state');
    await mkdir(stateDir, { recursive: true });
    const weftFiles = await carryOver(repo.top, target.path, await carryOverCandidates(repo.top));
    if (weftFiles.length > 0) emit({ type: 'carried-over', files: weftFiles });
    if (options.plan !== undefined) {
      await ensureExcluded(repo, [`/${PLAN_FILE_IN_WORKTREE}`]);
      await injectPlan(target.path, options.plan);
      weftFiles.push(PLAN_FILE_IN_WORKTREE);
    }
    const env: Record<string, string> = {
      ...(options.passEnv ? stringEnv(options.env) : {}),
      PORT: String(record.port),
      PARALLEL_WORKER_DEPTH: '1',
      WEFT_WORKER_ID: record.id,
      // An agent whose worktree was deleted must not reach the user's checkout through git.
      GIT_CEILING_DIRECTORIES: [options.env.GIT_CEILING_DIRECTORIES, join(repo.top, TREES_DIR)]
        .filter((d) => d !== undefined && d !== '')
        .join(':'),
    };
    if (options.setup !== undefined && options.setup.trim() !== '') {
      const result = await runSetupCommand({
        command: options.setup,
        cwd: target.path,
        env: { ...options.env, ...env },
        logFile: record.logFile,
        signal,
        onLine: (line) => emit({ type: 'setup-output', line }),
      });
      emit({ type: 'setup-finished', ok: result.ok, durationMs: result.durationMs });
      if (signal?.aborted) throw interrupted();
      if (!result.ok) {
        const how =
          result.signal !== null ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
        throw new RefusedError(
          'E_SETUP',
          `the setup command \`${options.setup}\` ${how}; the worker was not started`,
          {
            details: [...result.tail.map((l) => `| ${l}`), 'worktree, branch and worker entry were removed'],
          },
        );
      }
    }
    const withFiles: WorkerRecord = { ...record, weftFiles };
    if (weftFiles.length > 0) await registry.write(withFiles);
    return { record: withFiles, launch: { env, stateDir, weftFiles }, rollback };
  } catch (err) {
    await rollback();
    throw err;
  }
}
