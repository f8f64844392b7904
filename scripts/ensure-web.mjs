#!/usr/bin/env node
// `prestart`: builds the web app (dist/web) when it is missing or older than its sources; one line of output.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist/web/index.html');
const sources = ['src/web', 'src/core', 'vite.config.ts', 'package.json'].map((p) => path.join(root, p));

/** Newest modification time under a file or folder (tests are not part of the bundle). */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(p) ? 0 : stat.mtimeMs;
  let max = 0;
  for (const entry of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newest));
if (builtAt && builtAt >= sourcesAt) {
  console.log('web app: up to date (dist/web)');
  process.exit(0);
}
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
if (!fs.existsSync(vite)) {
  console.log(
    builtAt
      ? 'web app: sources changed but vite is not installed; serving the existing dist/web'
      : 'web app: not built and vite is not installed (npm install); starting the API only',
  );
  process.exit(0);
}
// One line: its start now, its end when the build is done (vite itself only speaks up on errors).
process.stdout.write(`web app: ${builtAt ? 'sources changed, rebuilding' : 'building'} dist/web … `);
const started = Date.now();
const res = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  // Always the production bundle: an inherited NODE_ENV (vitest sets `test`) would make Vite ship React's
  // development build.
  env: { ...process.env, NODE_ENV: 'production' },
});
if (res.status !== 0) {
  console.error('\nweb app: build failed');
  process.exit(res.status || 1);
}
// Touch the output so a build that produced identical files still counts as fresh.
const now = new Date();
fs.utimesSync(built, now, now);
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
