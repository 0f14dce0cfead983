import { afterEach, describe, expect, it } from 'vitest';
import { replay } from '../../../src/journal/replay.js';
import { createSession } from '../../../src/journal/session.js';
import { SessionRecorder } from '../../../src/journal/session-recorder.js';
import { EventBus } from '../../../src/run/event-bus.js';
import type { RunEvent } from '../../../src/run/events.js';
import { tempDirs } from '../journal/helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('EventBus.emitAll', () => {
  it('journals a burst of events in one write, in order, before showing them in order', async () => {
    const session = await createSession(dirs.make());
    const recorder = await SessionRecorder.open(session);
    const seen: { seq: number; durable: number }[] = [];
    const bus = new EventBus(
      recorder,
      [
        {
          onEvent: (e: RunEvent) => seen.push({ seq: e.seq, durable: recorder.journal.writeCount }),
        },
      ],
      0,
    );
    const ids = Array.from({ length: 200 }, (_, i) => `T${i + 1}`);
    const events = await bus.emitAll(ids.map((taskId) => ({ type: 'task.ready', taskId })));
    expect(recorder.journal.writeCount).toBe(1);
    expect(events.map((e) => e.seq)).toEqual(ids.map((_, i) => i + 1));
    expect(seen.map((s) => s.seq)).toEqual(events.map((e) => e.seq));
    expect(seen.every((s) => s.durable === 1)).toBe(true); // shown only once written
    await recorder.close();
    const replayed = (await replay(session.paths.events)).events;
    expect(replayed.map((e) => (e as { taskId?: string }).taskId)).toEqual(ids);
  });

  it('shows overlapping emits in journal order', async () => {
    const session = await createSession(dirs.make());
    const recorder = await SessionRecorder.open(session);
    const seen: number[] = [];
    const bus = new EventBus(recorder, [{ onEvent: (e: RunEvent) => seen.push(e.seq) }], 0);
    await Promise.all([
      bus.emitAll(Array.from({ length: 50 }, (_, i) => ({ type: 'task.ready' as const, taskId: `A${i}` }))),
      bus.emit({ type: 'task.ready', taskId: 'B' }),
      bus.announce({ skipped: [{ id: 'C', reason: 'dependency A0 failed' }], ready: ['D'] }),
      bus.emit({ type: 'task.ready', taskId: 'E' }),
    ]);
    expect(seen).toEqual(Array.from({ length: 54 }, (_, i) => i + 1));
    await recorder.close();
  });
});
