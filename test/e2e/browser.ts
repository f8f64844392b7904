// Headless Chromium for the journeys and the web benchmark: Debian's /usr/bin/chromium driven by
// playwright-core (no browser download). WINPATH_CHROMIUM points elsewhere if needed.
import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.WINPATH_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Fails loudly (never skips) when the browser is missing. */
export function assertChromium(): void {
  if (!fs.existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The browser journeys need it: ` +
        'apt-get install -y chromium fonts-noto-cjk (or set WINPATH_CHROMIUM to a Chromium binary).',
    );
}

export function launchChromium(): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
