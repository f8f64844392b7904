#!/usr/bin/env node
// `npm test`: type-check, lint, the API/unit suite against real PostgreSQL, then the browser journeys.
// Each step's output streams through; the first failing step fails the run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['lint', 'npx', ['biome', 'check', '.']],
  ['unit + API tests', 'npx', ['vitest', 'run']],
];
if (fs.existsSync('test/e2e') && fs.readdirSync('test/e2e').some((f) => f.endsWith('.test.ts')))
  steps.push(['browser journeys', 'npx', ['vitest', 'run', '--config', 'test/e2e/vitest.e2e.config.ts']]);

for (const [name, cmd, args] of steps) {
  console.log(`\n== ${name} ==`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (res.status !== 0) {
    console.error(`\n${name} failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status || 1);
  }
  console.log(`== ${name}: ok in ${((Date.now() - started) / 1000).toFixed(1)} s ==`);
}
