import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { VERSION } from '../../config.ts';
import { type Actor, loadActor } from '../../server/auth/actor.ts';
import type { Db } from '../../server/db/client.ts';
import { users } from '../../server/db/schema/index.ts';
import { openBundleExport } from '../../server/features/export/bundle.service.ts';
import { exportOptions, exportQuerySchema } from '../../server/features/export/export.routes.ts';
import { openCsvExport } from '../../server/features/export/export.service.ts';
import { EXPORTABLE } from '../../server/features/index.ts';
import { DomainError } from '../../server/http/errors.ts';
import { type OptionSpec, parse, required, UsageError } from '../args.ts';
import { findOrganization, fmt, withDatabase } from '../context.ts';

export const exportUsage =
  'winpath export <resource|bundle> --org SLUG [--out FILE] [--as EMAIL] [--lang en|zh-CN] ' +
  '[--values labels|codes] [--encoding utf-8|gb18030] [--<filter> VALUE …]';

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The acting user: `--as` (their visibility), else the organization's first active admin (everything). */
async function actorFor(db: Db, orgId: string, slug: string, email: string | undefined): Promise<Actor> {
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.orgId, orgId),
        isNull(users.deletedAt),
        eq(users.status, 'active'),
        email ? sql`lower(${users.email}) = ${email.trim().toLowerCase()}` : eq(users.role, 'admin'),
      ),
    )
    .orderBy(asc(users.createdAt))
    .limit(1);
  const actor = found[0] && (await loadActor(db, orgId, found[0].id));
  if (!actor)
    throw new DomainError(
      404,
      'not_found',
      email ? `No active user with the e-mail ${email} in '${slug}'.` : `'${slug}' has no active admin.`,
    );
  return actor;
}

/** Writes to FILE (appearing under its name only when complete) or to stdout. */
async function write(stream: Readable, out: string | undefined): Promise<void> {
  if (!out) {
    await pipeline(stream, process.stdout, { end: false });
    return;
  }
  const partial = `${out}.partial-${process.pid}`;
  try {
    await pipeline(stream, fs.createWriteStream(partial));
    fs.renameSync(partial, out);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * `winpath export accounts --org acme --status won --out won.csv`: the list's CSV with the same filters the
 * API takes (`--owner-id` or `--ownerId`, `--q`, `--sort -amount` …), or `bundle`: the whole organization
 * as a ZIP. Without --out the file goes to stdout; messages go to stderr.
 */
export async function exportCommand(argv: string[]): Promise<number> {
  const what = argv[0];
  if (!what || what.startsWith('-'))
    throw new UsageError(
      `Name what to export: bundle, or one of ${EXPORTABLE.map(([r]) => r.name).join(', ')}`,
    );
  const res = EXPORTABLE.find(([r]) => r.name === what)?.[0];
  if (!res && what !== 'bundle')
    throw new UsageError(
      `Unknown resource '${what}': bundle, or one of ${EXPORTABLE.map(([r]) => r.name).join(', ')}`,
    );
  const schema = res ? exportQuerySchema(res) : z.object(exportOptions).strict();
  const fields = Object.keys(schema.shape);
  const spec: OptionSpec = {
    org: { type: 'string' },
    out: { type: 'string', short: 'o' },
    as: { type: 'string' },
  };
  for (const f of fields) {
    spec[f] = { type: 'string' };
    spec[kebab(f)] = { type: 'string' };
  }
  const { values } = parse(argv.slice(1), spec);
  const slug = required(values.org as string | undefined, '--org').trim();
  const query: Record<string, string> = {};
  for (const f of fields) {
    const v = (values[f] ?? values[kebab(f)]) as string | undefined;
    if (v !== undefined) query[f] = v;
  }
  const parsed = schema.safeParse(query);
  if (!parsed.success)
    throw new UsageError(
      parsed.error.issues.map((i) => `--${kebab(String(i.path[0] ?? ''))}: ${i.message}`).join('; '),
    );
  const options = parsed.data as Record<string, unknown> & {
    lang?: 'en' | 'zh-CN';
    values: 'labels' | 'codes';
    encoding: 'utf-8' | 'gb18030';
  };
  const out = values.out ? path.resolve(values.out as string) : undefined;

  return withDatabase(async ({ db }) => {
    const org = await findOrganization(db, slug);
    const actor = await actorFor(db, org.id, slug, values.as as string | undefined);
    const csv = { lang: options.lang ?? actor.locale, values: options.values, encoding: options.encoding };
    const started = Date.now();
    const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
    const where = out ?? 'stdout';
    try {
      if (res) {
        const exp = await openCsvExport({
          db,
          res,
          actor,
          query: { ...options, sort: (options.sort as string | undefined) ?? res.defaultSort },
          csv,
          now: new Date(),
        });
        await write(exp.stream, out);
        console.error(
          `Exported ${fmt(exp.progress.rows)} ${res.name} of '${slug}' to ${where} in ${took()}.`,
        );
      } else {
        const bundle = await openBundleExport({
          db,
          actor,
          resources: EXPORTABLE.map(([r]) => r),
          csv,
          now: new Date(),
          version: VERSION,
        });
        await write(bundle.stream, out);
        const rows = bundle.manifest.files.reduce((s, f) => s + f.rows, 0);
        console.error(
          `Exported '${slug}' (${bundle.manifest.files.length} files, ${fmt(rows)} rows) to ${where} in ${took()}.`,
        );
      }
    } catch (err) {
      // A reader that stops early (`| head`) is not a failure of the export.
      if ((err as { code?: string }).code === 'EPIPE') return 0;
      throw err;
    }
    return 0;
  });
}
