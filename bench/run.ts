// `npm run bench`: prints the figures of every benchmark. Sections can be picked: npm run bench -- api
import { analyticsBench } from './analytics.bench.ts';
import { apiBench } from './api.bench.ts';
import { exportBench } from './export.bench.ts';
import { healthBench } from './health.bench.ts';
import { importBench, importCrashBench } from './import.bench.ts';
import { webBench } from './web.bench.ts';

const sections: Record<string, () => Promise<void>> = {
  api: apiBench,
  health: healthBench,
  analytics: analyticsBench,
  web: webBench,
  import: importBench,
  'import-crash': importCrashBench,
  export: exportBench,
};
const wanted = process.argv.slice(2).filter((a) => a in sections);
for (const name of wanted.length ? wanted : Object.keys(sections)) await sections[name]!();
