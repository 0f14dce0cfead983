/**
 * SIGINT, SIGTERM and SIGHUP as an AbortSignal: the process stays alive to
 * stop its agent, commit the agent's work and record `stopped` before it
 * exits. The abort reason is the signal's name.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface StopSignals {
  signal: AbortSignal;
  /** Remove the handlers (the default behaviour returns). */
  dispose(): void;
}

export function onStopSignals(): StopSignals {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals): void => {
    if (!controller.signal.aborted) controller.abort(name);
  };
  for (const s of STOP_SIGNALS) process.on(s, handler);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of STOP_SIGNALS) process.off(s, handler);
    },
  };
}
