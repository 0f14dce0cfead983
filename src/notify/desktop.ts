/**
 * How this machine shows a desktop notification: `notify-send` (Linux and
 * BSDs with libnotify), `osascript` (macOS), or nothing — then the notifier
 * rings the terminal bell. Argv only: the title and text are arguments, never
 * spliced into a shell or AppleScript source.
 */
import { findOnPath } from '../agents/find-binary.js';
import type { Alert } from './alerts.js';

export interface DesktopCommand {
  command: string;
  args: string[];
}

export function desktopCommand(
  alert: Alert,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): DesktopCommand | undefined {
  if (platform === 'darwin') {
    const osascript = findOnPath('osascript', env);
    if (!osascript) return undefined;
    // The text arrives as `argv` of the script's run handler: no quoting involved.
    return {
      command: osascript,
      args: [
        '-e',
        'on run argv',
        '-e',
        'display notification (item 2 of argv) with title (item 1 of argv)',
        '-e',
        'end run',
        alert.title,
        alert.body,
      ],
    };
  }
  const notifySend = findOnPath('notify-send', env);
  if (!notifySend) return undefined;
  return {
    command: notifySend,
    args: ['--app-name=weft', `--urgency=${alert.urgency}`, '--', alert.title, alert.body],
  };
}
