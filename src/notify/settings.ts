/**
 * Whether to notify: `--notify` / `--no-notify` win, then `notify:` in the
 * repository's config (`.weft/config.yaml` or `weft.config.yaml`), then the
 * default — on when a person is watching a terminal, off in CI and pipes.
 * The hook: `--on-event CMD`, else `on_event:` in the config.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { CONFIG_FILES } from '../workers/config.js';

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
  for (const name of CONFIG_FILES) {
    let text: string;
    try {
      text = await readFile(join(top, name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    let data: unknown;
    try {
      data = parse(text) ?? {};
    } catch (err) {
      throw new UsageError(`${name}: not valid YAML: ${(err as Error).message}`, { cause: err });
    }
    const r = schema.safeParse(data);
    if (!r.success) {
      throw new UsageError(`${name}: invalid settings`, {
        details: r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`),
      });
    }
    return {
      ...(r.data.notify === undefined ? {} : { notify: r.data.notify }),
      ...(r.data.on_event === undefined ? {} : { onEvent: r.data.on_event }),
      file: name,
    };
  }
  return {};
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
