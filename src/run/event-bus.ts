/**
 * The run's observers. Every event is stamped, made durable in the journal
 * first (the source of truth for resume), then shown to the other observers.
 * A journal that cannot be written is a critical failure: `emit` rejects.
 */
import type { AgentEvent } from '../agents/types.js';
import type { SessionRecorder } from '../journal/session-recorder.js';
import { EventStamper, type RunEvent, type RunEventInput } from './events.js';
import type { RunObserver, WorkerActivity } from './options.js';
import type { SchedulerChange } from './scheduler-types.js';

export class EventBus {
  private readonly stamper: EventStamper;
  /** Durable events waiting for an earlier one before they are shown. */
  private readonly durable = new Map<number, RunEvent>();
  private nextToShow: number;

  constructor(
    private readonly recorder: SessionRecorder,
    private readonly observers: readonly RunObserver[],
    lastSeq: number,
  ) {
    this.stamper = new EventStamper(lastSeq);
    this.nextToShow = lastSeq + 1;
  }

  async emit(input: RunEventInput): Promise<RunEvent> {
    const event = this.stamper.stamp(input);
    await this.recorder.record(event);
    this.show([event]);
    return event;
  }

  /**
   * Several events made durable in one journal write (the journal groups
   * appends made while a write is in flight), then shown in order: for the
   * tasks ready at the start, one write for a thousand of them instead of a
   * thousand fsyncs (2 s).
   */
  async emitAll(inputs: readonly RunEventInput[]): Promise<RunEvent[]> {
    const events = inputs.map((input) => this.stamper.stamp(input));
    await Promise.all(events.map((event) => this.recorder.record(event)));
    this.show(events);
    return events;
  }

  /**
   * Observers see the events in journal order even when emits overlap (a burst
   * and a single event written together may resume in either order).
   */
  private show(events: readonly RunEvent[]): void {
    for (const event of events) this.durable.set(event.seq, event);
    for (let e = this.durable.get(this.nextToShow); e !== undefined; e = this.durable.get(this.nextToShow)) {
      this.durable.delete(this.nextToShow++);
      for (const o of this.observers) o.onEvent?.(e);
    }
  }

  /**
   * What a scheduler transition changed besides the task itself, as one burst:
   * the dependents it skipped (a failed task early in a 10,000-task graph skips
   * them all: 3 minutes one fsync at a time) and the tasks it made ready.
   */
  announce(change: Pick<SchedulerChange, 'skipped' | 'ready'>): Promise<RunEvent[]> {
    return this.emitAll([
      ...change.skipped.map((s) => ({ type: 'task.skipped' as const, taskId: s.id, reason: s.reason })),
      ...change.ready.map((id) => ({ type: 'task.ready' as const, taskId: id })),
    ]);
  }

  activity(workerId: string, taskId: string, e: AgentEvent): void {
    const a = toActivity(workerId, taskId, e);
    if (!a) return;
    for (const o of this.observers) o.onActivity?.(a);
  }
}

function toActivity(workerId: string, taskId: string, e: AgentEvent): WorkerActivity | undefined {
  const base = { workerId, taskId, time: Date.now() };
  switch (e.type) {
    case 'message':
      return { ...base, kind: 'message', text: e.text };
    case 'tool':
      return { ...base, kind: 'tool', text: e.input ? `${e.name} ${e.input}` : e.name };
    case 'file':
      return { ...base, kind: 'file', text: e.kind ? `${e.kind} ${e.path}` : e.path };
    case 'blocked':
      return { ...base, kind: 'blocked', text: e.reason };
    case 'usage': {
      const u = e.usage;
      const tokens = (u.inputTokens ?? 0) + (u.outputTokens ?? 0);
      return {
        ...base,
        kind: 'usage',
        text: `${tokens} tokens${u.costUsd ? `, $${u.costUsd.toFixed(4)}` : ''}`,
      };
    }
    case 'started':
    case 'finished':
      return undefined;
  }
}
