/**
 * The run's observers. Every event is stamped, made durable in the journal
 * first (the source of truth for resume), then shown to the other observers.
 * A journal that cannot be written is a critical failure: `emit` rejects.
 */
import type { AgentEvent } from '../agents/types.js';
import type { SessionRecorder } from '../journal/session-recorder.js';
import { EventStamper, type RunEvent, type RunEventInput } from './events.js';
import type { RunObserver, WorkerActivity } from './options.js';

export class EventBus {
  private readonly stamper: EventStamper;

  constructor(
    private readonly recorder: SessionRecorder,
    private readonly observers: readonly RunObserver[],
    lastSeq: number,
  ) {
    this.stamper = new EventStamper(lastSeq);
  }

  async emit(input: RunEventInput): Promise<RunEvent> {
    const event = this.stamper.stamp(input);
    await this.recorder.record(event);
    for (const o of this.observers) o.onEvent?.(event);
    return event;
  }

  /**
   * Several events made durable in one journal write (the journal groups
   * appends made while a write is in flight), then shown in order. For bursts
   * with nothing else emitting meanwhile, such as the tasks ready at the start:
   * one write for a thousand of them instead of a thousand fsyncs (2 s).
   */
  async emitAll(inputs: readonly RunEventInput[]): Promise<RunEvent[]> {
    const events = inputs.map((input) => this.stamper.stamp(input));
    await Promise.all(events.map((event) => this.recorder.record(event)));
    for (const event of events) for (const o of this.observers) o.onEvent?.(event);
    return events;
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
