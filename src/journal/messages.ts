/**
 * Per-worker message files in seed 003's formats:
 * `messages/<worker-id>/inbox.json` (what the worker is asked to do now) and
 * `outbox.json` (what it completed and what failed). weft derives them from
 * the journal; they exist for humans, `weft status` and tools that read
 * seed-003 sessions. Reading one that is corrupt is a SessionError naming it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { SessionError } from '../errors.js';
import { sessionWriteError, writeFileAtomic } from './atomic-write.js';
import type { RunState, WorkerSnapshot } from './run-state.js';
import { type Session, workerMessagesDir } from './session.js';

const inboxSchema = z.object({
  worker_id: z.string(),
  session_folder: z.string(),
  tasks: z.array(
    z.looseObject({ id: z.string(), title: z.string().optional(), attempt: z.number(), branch: z.string() }),
  ),
});

const outboxSchema = z.object({
  worker_id: z.string(),
  tasks_completed: z.array(
    z.looseObject({ id: z.string(), attempt: z.number(), commit: z.string(), duration_ms: z.number() }),
  ),
  tasks_failed: z.array(z.looseObject({ id: z.string(), attempt: z.number(), reason: z.string() })),
});

export type Inbox = z.infer<typeof inboxSchema>;
export type Outbox = z.infer<typeof outboxSchema>;

export function inboxOf(session: Session, state: RunState, w: WorkerSnapshot): Inbox {
  const c = w.current;
  return {
    worker_id: w.id,
    session_folder: session.dir,
    tasks: c
      ? [{ id: c.taskId, title: state.tasks[c.taskId]?.title, attempt: c.attempt, branch: c.branch }]
      : [],
  };
}

export function outboxOf(w: WorkerSnapshot): Outbox {
  return {
    worker_id: w.id,
    tasks_completed: w.completed.map((c) => ({
      id: c.taskId,
      attempt: c.attempt,
      commit: c.commit,
      duration_ms: c.durationMs,
    })),
    tasks_failed: w.failed.map((f) => ({ id: f.taskId, attempt: f.attempt, reason: f.reason })),
  };
}

export async function writeMessages(session: Session, state: RunState, w: WorkerSnapshot): Promise<void> {
  const dir = workerMessagesDir(session, w.id);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw sessionWriteError(dir, err);
  }
  await writeFileAtomic(join(dir, 'inbox.json'), `${JSON.stringify(inboxOf(session, state, w), null, 2)}\n`);
  await writeFileAtomic(join(dir, 'outbox.json'), `${JSON.stringify(outboxOf(w), null, 2)}\n`);
}

async function readJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SessionError(`cannot read ${path}`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SessionError(`${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new SessionError(`${path} is not a valid message file${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function readInbox(session: Session, workerId: string): Promise<Inbox> {
  return readJson(join(workerMessagesDir(session, workerId), 'inbox.json'), inboxSchema);
}

export function readOutbox(session: Session, workerId: string): Promise<Outbox> {
  return readJson(join(workerMessagesDir(session, workerId), 'outbox.json'), outboxSchema);
}
