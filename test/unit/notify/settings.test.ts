import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNotifySettings, resolveNotifyOptions } from '../../../src/notify/settings.js';

describe('whether to notify', () => {
  it('lets the flag win over the config, and the config over the default', () => {
    const settings = { notify: false, onEvent: 'from-config' };
    expect(resolveNotifyOptions({ flag: true, settings, interactive: false, env: {} })).toEqual({
      notify: true,
      onEventCmd: 'from-config',
    });
    expect(resolveNotifyOptions({ settings, onEventFlag: 'mine', interactive: true, env: {} })).toEqual({
      notify: false,
      onEventCmd: 'mine',
    });
  });

  it('is on by default at a terminal, off in CI or a pipe', () => {
    expect(resolveNotifyOptions({ interactive: true, env: {} }).notify).toBe(true);
    expect(resolveNotifyOptions({ interactive: true, env: { CI: 'true' } }).notify).toBe(false);
    expect(resolveNotifyOptions({ interactive: false, env: {} }).notify).toBe(false);
  });
});

describe('notify settings in the config file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads notify and on_event from .weft/config.yaml', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-notify-cfg-'));
    mkdirSync(join(dir, '.weft'));
    writeFileSync(join(dir, '.weft', 'config.yaml'), 'agent: claude\nnotify: false\non_event: ./alert.sh\n');
    expect(await loadNotifySettings(dir)).toEqual({
      notify: false,
      onEvent: './alert.sh',
      file: join('.weft', 'config.yaml'),
    });
  });

  it('refuses a wrong type, naming the file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-notify-cfg-'));
    writeFileSync(join(dir, 'weft.config.yaml'), 'notify: sometimes\n');
    await expect(loadNotifySettings(dir)).rejects.toMatchObject({
      code: 'E_USAGE',
      message: 'weft.config.yaml: invalid settings',
    });
  });
});
