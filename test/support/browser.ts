import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (installed by scripts/ensure-chromium.mjs before `npm test`). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * A headless Chromium for a test (Playwright gives it a new, empty profile), with nothing that
 * calls out: this machine's network is closed, and Chromium's background connections would be
 * refused.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
