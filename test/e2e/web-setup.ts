// Before any browser journey: Chromium must be there (CI installs it), and dist/web must be built from
// the current sources (scripts/ensure-web.mjs rebuilds it when missing or older than src/web).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertChromium } from './browser.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default function setup() {
  assertChromium();
  const res = spawnSync(process.execPath, [path.join(root, 'scripts/ensure-web.mjs')], {
    cwd: root,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test; Vite would inherit it and bundle the development build of React.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (res.status !== 0) throw new Error(`building the web app failed (exit ${res.status ?? res.signal})`);
}
