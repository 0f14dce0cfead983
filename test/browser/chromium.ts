/**
 * Debian's chromium driven by playwright-core, kept off the network: no
 * background services, no component updates, no QUIC, a fresh profile.
 * CI installs chromium (apt-get install chromium), so there a missing binary
 * fails the suite; elsewhere the suite is skipped with a message.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const chromiumMissing = !existsSync(CHROMIUM_PATH);

/** Skip the browser suite only outside CI; in CI a missing chromium is a failure. */
export const skipBrowserTests = chromiumMissing && process.env.CI !== 'true';

if (skipBrowserTests) {
  process.stderr.write(
    `browser tests skipped: ${CHROMIUM_PATH} not found (install it: apt-get install chromium)\n`,
  );
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  if (chromiumMissing) {
    throw new Error(`${CHROMIUM_PATH} not found: CI must install chromium (apt-get install -y chromium)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'weft-chromium-'));
  // A persistent context on a fresh directory: playwright passes it as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
