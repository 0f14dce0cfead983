/**
 * The session workspace of one run: `.weft/sessions/<run-id>/` in the main
 * worktree (docs/session.md lists every file). Creating it is the first write
 * of a run, so an unwritable folder stops the run before any agent starts.
 */
import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SessionError } from '../errors.js';
import { sessionWriteError } from './atomic-write.js';
import { isRunId, newRunId } from './run-id.js';

export const WEFT_DIR = '.weft';
export const SESSIONS_DIR = join(WEFT_DIR, 'sessions');

export interface SessionPaths {
  /** Scout output. */
  context: string;
  /** The execution plan. */
  plan: string;
  /** Append-only journal: the source of truth. */
  events: string;
  /** Status block (seed 003), rewritten as things change. */
  progress: string;
  /** Phases and results (seed 002's state file). */
  state: string;
  /** `messages/<worker-id>/inbox.json` and `outbox.json`. */
  messages: string;
  /** `locks/<file-hash>.lock`, one per locked file. */
  locks: string;
}

export interface Session {
  runId: string;
  /** Absolute path of the session folder. */
  dir: string;
  /** The repository's main worktree top, when the folder sits in the usual place. */
  repoTop: string;
  paths: SessionPaths;
}

export function sessionPaths(dir: string): SessionPaths {
  return {
    context: join(dir, 'context.json'),
    plan: join(dir, 'execution-plan.json'),
    events: join(dir, 'events.jsonl'),
    progress: join(dir, 'progress.txt'),
    state: join(dir, 'state.md'),
    messages: join(dir, 'messages'),
    locks: join(dir, 'locks'),
  };
}

export function workerMessagesDir(session: Session, workerId: string): string {
  return join(session.paths.messages, workerId);
}

function sessionOf(dir: string): Session {
  return { runId: basename(dir), dir, repoTop: dirname(dirname(dirname(dir))), paths: sessionPaths(dir) };
}

export interface CreateSessionOptions {
  /** Use this id (it must not exist yet); otherwise a new sortable id. */
  runId?: string;
  now?: Date;
}

/** Create `.weft/sessions/<run-id>/` with `messages/`, `locks/` and an empty journal. */
export async function createSession(repoTop: string, options: CreateSessionOptions = {}): Promise<Session> {
  const root = join(repoTop, SESSIONS_DIR);
  try {
    await mkdir(root, { recursive: true });
  } catch (err) {
    throw sessionWriteError(root, err);
  }
  for (let tries = 0; ; tries++) {
    const runId = options.runId ?? newRunId(options.now);
    const dir = join(root, runId);
    try {
      await mkdir(dir);
    } catch (err) {
      const exists = (err as NodeJS.ErrnoException).code === 'EEXIST';
      if (exists && options.runId === undefined && tries < 20) continue;
      if (exists) throw new SessionError(`session ${runId} already exists at ${dir}`, { cause: err });
      throw sessionWriteError(dir, err);
    }
    const session = sessionOf(dir);
    try {
      await mkdir(session.paths.messages);
      await mkdir(session.paths.locks);
      const fh = await open(session.paths.events, 'wx');
      await fh.close();
      await syncDir(dir);
      await syncDir(root);
    } catch (err) {
      throw sessionWriteError(dir, err);
    }
    return session;
  }
}

/** Make the new directory entries durable, so the journal file survives a crash right after it is created. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** An existing session folder (absolute or relative path). */
export async function openSession(dir: string): Promise<Session> {
  const session = sessionOf(dir);
  try {
    const s = await stat(session.paths.events);
    if (!s.isFile()) throw new Error('events.jsonl is not a file');
  } catch (err) {
    throw new SessionError(`${dir} is not a weft session: no readable events.jsonl`, { cause: err });
  }
  return session;
}

/** The session of `runId` in the repository. */
export async function findSession(repoTop: string, runId: string): Promise<Session> {
  if (!isRunId(runId))
    throw new SessionError(`"${runId}" is not a run id (expected e.g. 20261121-193012-ab12)`);
  return openSession(join(repoTop, SESSIONS_DIR, runId));
}

/** Session folders of the repository, oldest first (run ids sort by start time). */
export async function listSessionDirs(repoTop: string): Promise<Session[]> {
  let names: string[];
  try {
    names = await readdir(join(repoTop, SESSIONS_DIR));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SessionError(`cannot read ${join(repoTop, SESSIONS_DIR)}`, { cause: err });
  }
  return names
    .filter(isRunId)
    .sort()
    .map((n) => sessionOf(join(repoTop, SESSIONS_DIR, n)));
}
