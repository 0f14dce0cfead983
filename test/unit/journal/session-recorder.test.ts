import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionError } from '../../../src/errors.js';
import { lockFileName, readLockFiles } from '../../../src/journal/lock-files.js';
import { readInbox, readOutbox } from '../../../src/journal/messages.js';
import { replay } from '../../../src/journal/replay.js';
import { rebuildRunState } from '../../../src/journal/run-state.js';
import { createSession } from '../../../src/journal/session.js';
import { SessionRecorder } from '../../../src/journal/session-recorder.js';
import { PLAN_STARTED, stampAll, T001_STARTED, T002_STARTED, tempDirs } from './helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const run = stampAll([
  PLAN_STARTED,
  T001_STARTED,
  T002_STARTED,
  {
    type: 'task.failed',
    taskId: 'T002',
    attempt: 1,
    workerId: 'worker-2',
    reason: 'exit 1',
    willRetry: true,
  },
]);

describe('SessionRecorder', () => {
  it('journals every event and keeps progress.txt, state.md, messages and locks in step', async () => {
    const session = await createSession(dirs.make());
    const rec = await SessionRecorder.open(session);
    await Promise.all(run.map((e) => rec.record(e)));
    await rec.flush();

    expect((await replay(session.paths.events)).events).toEqual(run);
    expect(readFileSync(session.paths.progress, 'utf8')).toContain('⚡ T001: Running on worker-1');
    expect(readFileSync(session.paths.state, 'utf8')).toContain(
      'T002 (Add lexer) → 🔁 Retrying after: exit 1',
    );
    expect(await readInbox(session, 'worker-1')).toEqual({
      worker_id: 'worker-1',
      session_folder: session.dir,
      tasks: [{ id: 'T001', title: 'Add parser', attempt: 1, branch: 'weft/r/T001-1' }],
    });
    expect(await readOutbox(session, 'worker-2')).toEqual({
      worker_id: 'worker-2',
      tasks_completed: [],
      tasks_failed: [{ id: 'T002', attempt: 1, reason: 'exit 1' }],
    });
    expect(await readLockFiles(session.paths.locks)).toEqual([
      { workerId: 'worker-1', taskId: 'T001', path: 'src/parse.ts' },
    ]);
    expect(readdirSync(session.paths.locks)).toEqual([lockFileName('src/parse.ts')]);

    const [finished, merged] = stampAll(
      [
        {
          type: 'task.finished',
          taskId: 'T001',
          attempt: 1,
          workerId: 'worker-1',
          commit: 'c1',
          usage: {},
          durationMs: 5,
        },
        { type: 'task.merged', taskId: 'T001', commit: 'c1', integrationCommit: 'm1' },
      ],
      run.length,
    );
    await rec.record(finished!);
    await rec.record(merged!);
    await rec.close();
    expect(readdirSync(session.paths.locks)).toEqual([]);
    expect((await readInbox(session, 'worker-1')).tasks).toEqual([]);
    expect((await readOutbox(session, 'worker-1')).tasks_completed).toEqual([
      { id: 'T001', attempt: 1, commit: 'c1', duration_ms: 5 },
    ]);
    expect(readdirSync(session.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('resumes on the same journal, continuing from the rebuilt state', async () => {
    const session = await createSession(dirs.make());
    const first = await SessionRecorder.open(session);
    for (const e of run) await first.record(e);
    await first.close();
    // Simulate a crash mid-write, then resume.
    writeFileSync(session.paths.events, `${readFileSync(session.paths.events, 'utf8')}{"seq":5,"ti`);
    const replayed = await replay(session.paths.events);
    const second = await SessionRecorder.open(session, { state: rebuildRunState(replayed.events) });
    const [resumed] = stampAll([{ type: 'run.resumed', requeued: ['T001'], reused: [] }], replayed.lastSeq);
    await second.record(resumed!);
    await second.close();
    const all = await replay(session.paths.events);
    expect(all.warnings).toEqual([]);
    expect(all.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(second.state.tasks.T001?.status).toBe('running');
  });

  it('fails with a SessionError once the session folder cannot be written', async () => {
    const session = await createSession(dirs.make());
    const rec = await SessionRecorder.open(session);
    await rec.record(run[0]!);
    await rec.flush();
    rmSync(session.paths.messages, { recursive: true });
    writeFileSync(session.paths.messages, 'not a folder');
    await rec.record(run[1]!); // durable in the journal; the snapshot fails behind it
    const err = await rec.flush().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionError);
    expect((err as SessionError).message).toMatch(
      /messages\/worker-1 \((EEXIST|ENOTDIR)\): the session folder is not writable/,
    );
    await expect(rec.record(run[2]!)).rejects.toBe(err);
    await rec.journal.close();
  });

  it('names the file when a message file is corrupt', async () => {
    const session = await createSession(dirs.make());
    const rec = await SessionRecorder.open(session);
    for (const e of run) await rec.record(e);
    await rec.close();
    const outbox = join(session.paths.messages, 'worker-2', 'outbox.json');
    writeFileSync(outbox, '{"worker_id": "worker-2", "tasks_completed": [');
    await expect(readOutbox(session, 'worker-2')).rejects.toThrow(/outbox\.json is not valid JSON/);
    writeFileSync(outbox, '{"worker_id": "worker-2", "tasks_completed": 3, "tasks_failed": []}');
    await expect(readOutbox(session, 'worker-2')).rejects.toThrow(
      /outbox\.json is not a valid message file at tasks_completed/,
    );
  });
});
