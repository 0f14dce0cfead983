/**
 * Whether to notify: `--notify` / `--no-notify` win, then `notify:` in the
 * repository's config (`.weft/config.yaml` or `weft.config.yaml`), then the
 * default — on when a person is watching a terminal, off in CI and pipes.
 * The hook: `--on-event CMD`, else `on_event:` in the config.
 */
import * as z from 'zod';
import { configDocument, readConfigDocument } from '../config/document.js';

export interface NotifySettings {
  notify?: boolean;
  onEvent?: string;
  /** The config file they came from. */
  file?: string;
}

const schema = z.object({
  notify: z.boolean().optional(),
  on_event: z.string().optional(),
});

export async function loadNotifySettings(top: string): Promise<NotifySettings> {
  const doc = await readConfigDocument(top);
  if (doc.name === undefined) return {};
  const data = configDocument(doc, schema);
  return {
    ...(data.notify === undefined ? {} : { notify: data.notify }),
    ...(data.on_event === undefined ? {} : { onEvent: data.on_event }),
    file: doc.name,
  };
}

export interface NotifyChoice {
  /** `--notify` (true), `--no-notify` (false), or neither. */
  flag?: boolean;
  onEventFlag?: string;
  settings?: NotifySettings;
  /** Is a person at a terminal? (stderr is a TTY) */
  interactive: boolean;
  env?: NodeJS.ProcessEnv;
}

export function resolveNotifyOptions(c: NotifyChoice): { notify: boolean; onEventCmd?: string } {
  const env = c.env ?? process.env;
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  const notify = c.flag ?? c.settings?.notify ?? (c.interactive && !ci);
  const onEventCmd = c.onEventFlag ?? c.settings?.onEvent;
  return { notify, ...(onEventCmd === undefined ? {} : { onEventCmd }) };
}
