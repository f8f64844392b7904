import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_ENTITIES, type ImportEntity, importMappingSchema } from '../../core/import/mapping.ts';
import {
  type ImportProgress,
  type ReportRow,
  runImport,
} from '../../server/features/imports/import.service.ts';
import { describe, jobReport, reportCsv } from '../../server/features/imports/report.ts';
import { fileSource, inspectSource } from '../../server/features/imports/source.ts';
import { parse, required, UsageError } from '../args.ts';
import { findOrganization, fmt, withDatabase } from '../context.ts';

/** A progress bar on stderr: redrawn in place on a terminal, a line per 10 % otherwise (logs, CI). */
function progressBar(entity: string) {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let lastDecile = -1;
  let lastDraw = 0;
  return {
    update(p: ImportProgress) {
      const frac = p.bytesTotal ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
      const secs = (Date.now() - started) / 1000;
      const rate = secs > 0 ? Math.round(p.rowsDone / secs) : 0;
      const text = `${(frac * 100).toFixed(0).padStart(3)}% ${fmt(p.rowsDone)} rows (${fmt(p.counts.inserted)} inserted, ${fmt(p.counts.updated)} updated, ${fmt(p.counts.failed)} failed) ${fmt(rate)} rows/s`;
      if (tty) {
        if (Date.now() - lastDraw < 100 && frac < 1) return;
        lastDraw = Date.now();
        const width = 30;
        const full = Math.round(frac * width);
        process.stderr.write(`\r${entity} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${text}\x1b[K`);
      } else {
        const decile = Math.floor(frac * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          process.stderr.write(`${entity}: ${text}\n`);
        }
      }
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      org: { type: 'string' },
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'create-missing': { type: 'boolean' },
      errors: { type: 'string' },
      'batch-size': { type: 'string' },
    },
    2,
  );
  const [entity, file] = positionals;
  if (!entity) throw new UsageError(`Missing what to import (${IMPORT_ENTITIES.join('|')})`);
  if (!(IMPORT_ENTITIES as readonly string[]).includes(entity))
    throw new UsageError(`Cannot import '${entity}': choose one of ${IMPORT_ENTITIES.join(', ')}`);
  if (!file) throw new UsageError('Missing the CSV FILE');
  const slug = required(values.org, '--org');
  const mappingPath = required(values.mapping, '--mapping');
  if (!fs.existsSync(file)) throw new UsageError(`No file ${file}`);
  if (!fs.existsSync(mappingPath)) throw new UsageError(`No mapping file ${mappingPath}`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(mappingPath, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UsageError(`The mapping ${mappingPath} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = importMappingSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(
      `The mapping ${mappingPath} is not a mapping: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 200_000))
    throw new UsageError('--batch-size must be a whole number from 1 to 200000');
  const dryRun = values['dry-run'] === true;
  const errorsPath = values.errors ? path.resolve(values.errors) : undefined;

  return withDatabase(
    async ({ db, pool }) => {
      const org = await findOrganization(db, slug);
      const source = fileSource(path.resolve(file), path.basename(file));
      const bar = progressBar(entity);
      const dryErrors: ReportRow[] = [];
      const summary = await runImport({
        pool,
        orgId: org.id,
        actorId: null,
        entity: entity as ImportEntity,
        source,
        mapping: parsed.data,
        createMissing: values['create-missing'] === true,
        dryRun,
        ...(batchSize ? { batchSize } : {}),
        onProgress: (p) => bar.update(p),
        onErrors: (rows) => dryErrors.push(...rows),
      });
      bar.done();
      const c = summary.counts;
      if (summary.alreadyImported) {
        console.log(
          `This file was already imported into '${org.slug}' with this mapping (job ${summary.jobId}): ${fmt(summary.rows)} rows, ${fmt(c.inserted)} inserted, ${fmt(c.failed)} failed. Nothing to do.`,
        );
      } else {
        const verb = dryRun ? 'Dry run (nothing saved) of' : 'Imported';
        const created = Object.entries(c.created)
          .map(([k, n]) => `${fmt(n)} ${k}${n === 1 ? '' : 's'}`)
          .join(', ');
        console.log(
          `${verb} ${entity} from ${source.name} into '${org.slug}' in ${summary.seconds.toFixed(1)} s: ${fmt(summary.rows)} rows — ` +
            `${fmt(c.inserted)} inserted, ${fmt(c.updated)} updated, ${fmt(c.unchanged)} unchanged, ${fmt(c.failed)} failed` +
            (created ? `; created ${created}` : '') +
            (summary.resumedFrom
              ? ` (resumed after row ${fmt(summary.resumedFrom)} of an interrupted run)`
              : '') +
            ` [${summary.encoding}, delimiter ${JSON.stringify(summary.delimiter)}]`,
        );
      }
      if (errorsPath) {
        let csv: string;
        let rows: number;
        if (dryRun) {
          const shape = await inspectSource(source, parsed.data.formats, 0);
          csv = reportCsv(shape.headers, dryErrors, 'en', 'cli');
          rows = new Set(dryErrors.map((e) => e.row)).size;
        } else ({ csv, rows } = await jobReport(pool, org.id, summary.jobId!, 'en', 'cli'));
        fs.writeFileSync(errorsPath, csv);
        console.log(`Error report: ${errorsPath} (${fmt(rows)} rows).`);
      }
      if (c.failed && !summary.alreadyImported) {
        for (const e of summary.errors.slice(0, 10))
          console.error(`  row ${e.row}: ${describe(e, 'en', 'cli')}${e.value ? ` [${e.value}]` : ''}`);
        if (c.failed > 10 || !errorsPath)
          console.error(
            `${fmt(c.failed)} rows failed${errorsPath ? '' : '; write them all with --errors FILE'}.`,
          );
        return 1;
      }
      return 0;
    },
    { poolMax: 3 },
  );
}
