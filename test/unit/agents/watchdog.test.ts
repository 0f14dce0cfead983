import { describe, expect, it } from 'vitest';
import { RunWatchdog, type StopCause } from '../../../src/agents/watchdog.js';

describe('RunWatchdog', () => {
  it('stops at once for a signal that was aborted before the watchdog started', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user stopped it'));
    const stopped = new Promise<StopCause>((resolve) => {
      const w = new RunWatchdog({ signal: controller.signal, onStop: resolve });
      void w;
    });
    expect((await stopped).kind).toBe('abort');
  });

  it('stops when the signal aborts later', async () => {
    const controller = new AbortController();
    const stopped = new Promise<StopCause>((resolve) => {
      new RunWatchdog({ signal: controller.signal, onStop: resolve });
    });
    controller.abort();
    expect((await stopped).kind).toBe('abort');
  });
});
