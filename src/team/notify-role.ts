/**
 * Seed 004's "use system notifications for input": a role that has gone
 * quiet is taken to be waiting for the user. The notice is appended to
 * `.weft/team/notifications.jsonl` and delivered like weft's other alerts
 * (src/notify): a desktop notification when `notify` is on (the default at a
 * terminal, off in CI) and the user's `on_event` hook with the notice as JSON
 * on stdin. The role's window also rings the terminal bell, which tmux shows
 * on the window's tab. Never throws: a notification must not stop a role.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Alert } from '../notify/alerts.js';
import { runBounded } from '../notify/bounded-command.js';
import { desktopCommand } from '../notify/desktop.js';
import { loadNotifySettings, resolveNotifyOptions } from '../notify/settings.js';

export interface RoleInputNotice {
  type: 'team.role.needs-input';
  time: string;
  project: string;
  session: string;
  role: string;
  window: string;
  /** How long the role had been silent. */
  idleMs: number;
}

const HELPER_TIMEOUT_MS = 10_000;

export async function notifyRoleNeedsInput(
  top: string,
  notificationsFile: string,
  notice: RoleInputNotice,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  try {
    await mkdir(dirname(notificationsFile), { recursive: true });
    await appendFile(notificationsFile, `${JSON.stringify(notice)}\n`);
    const { notify, onEventCmd } = resolveNotifyOptions({
      settings: await loadNotifySettings(top),
      interactive: true,
      env,
    });
    const alert: Alert = {
      title: `weft: ${notice.window} needs you`,
      body: `${notice.role} is waiting for input — weft attach ${notice.role}`,
      urgency: 'critical',
      desktop: true,
      payload: { ...notice },
    };
    const deliveries: Promise<unknown>[] = [];
    const desktop = notify ? desktopCommand(alert, process.platform, env) : undefined;
    if (desktop) deliveries.push(runBounded({ ...desktop, env, timeoutMs: HELPER_TIMEOUT_MS }));
    if (onEventCmd !== undefined && onEventCmd.trim() !== '') {
      deliveries.push(
        runBounded({
          command: 'sh',
          args: ['-c', onEventCmd],
          input: `${JSON.stringify(notice)}\n`,
          env: { ...env, WEFT_EVENT_TYPE: notice.type },
          timeoutMs: HELPER_TIMEOUT_MS,
        }),
      );
    }
    await Promise.all(deliveries);
  } catch {
    // a notification that cannot be delivered must not stop the role
  }
}
