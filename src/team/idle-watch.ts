/**
 * "Needs input" for an interactive agent: its tmux window has printed
 * nothing for `idleMs`. tmux keeps the time of a window's last output
 * (`#{window_activity}`); no event says "gone quiet", so the role's process
 * asks tmux every `pollMs` (a bounded poll of tmux's state). One notice per
 * quiet spell: output after the notice (the bell it rang aside) re-arms it.
 */
import type { Tmux } from './tmux.js';

export interface IdleState {
  /** When the current quiet spell was reported; undefined while armed. */
  notifiedAt?: number;
}

export type IdleStep = 'notify' | 'rearm' | 'none';

/**
 * Pure: what a poll that saw `lastActivityMs` at `now` means. tmux keeps
 * activity in whole seconds, and the notice's own bell (rung at once) is
 * output too, within the notice's second: activity in a later second is the
 * agent or the user. (Typing within that same second goes unseen; the
 * agent's answer re-arms it.)
 */
export function idleStep(state: IdleState, lastActivityMs: number, now: number, idleMs: number): IdleStep {
  if (state.notifiedAt === undefined) return now - lastActivityMs >= idleMs ? 'notify' : 'none';
  return lastActivityMs >= (Math.floor(state.notifiedAt / 1000) + 1) * 1000 ? 'rearm' : 'none';
}

export interface IdleWatchOptions {
  tmux: Tmux;
  /** The pane to watch (`$TMUX_PANE`). */
  pane: string;
  idleMs: number;
  pollMs?: number;
  onIdle(quietMs: number): void;
  onActive(): void;
  now?: () => number;
}

export class IdleWatch {
  private readonly state: IdleState = {};
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly o: IdleWatchOptions) {}

  start(): void {
    const pollMs = this.o.pollMs ?? Math.max(250, Math.min(5000, Math.floor(this.o.idleMs / 4)));
    const tick = async (): Promise<void> => {
      await this.poll().catch(() => undefined);
      if (!this.stopped) this.timer = setTimeout(() => void tick(), pollMs);
    };
    this.timer = setTimeout(() => void tick(), pollMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async poll(): Promise<void> {
    const out = await this.o.tmux.run(['display-message', '-p', '-t', this.o.pane, '#{window_activity}']);
    const last = Number(out.trim()) * 1000;
    if (!Number.isFinite(last) || last <= 0) return;
    const now = (this.o.now ?? Date.now)();
    switch (idleStep(this.state, last, now, this.o.idleMs)) {
      case 'notify':
        this.state.notifiedAt = now;
        this.o.onIdle(now - last);
        return;
      case 'rearm':
        this.state.notifiedAt = undefined;
        this.o.onActive();
        return;
      case 'none':
        return;
    }
  }
}
