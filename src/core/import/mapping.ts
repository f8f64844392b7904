import { z } from 'zod';
import { DELIMITERS } from './csv.ts';
import { ENCODINGS } from './encoding.ts';
import { DATE_FORMATS, DECIMAL_MARKS } from './values.ts';

/** What can be imported, in the order a new organization would load them. */
export const IMPORT_ENTITIES = [
  'users',
  'teams',
  'accounts',
  'contacts',
  'products',
  'opportunities',
  'activities',
] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/** What an import does with a row that looks like a record the organization already has. */
export const IMPORT_DUPLICATES = ['skip', 'create'] as const;
export type ImportDuplicates = (typeof IMPORT_DUPLICATES)[number];

/**
 * A mapping: which source column holds each field, how to translate values (e.g. a status column's
 * `Won` / `赢单` to `won`), the date and number formats, and constant defaults for fields the file lacks.
 * The same JSON is written by hand for the CLI (`--mapping FILE`), sent to the API and saved by the web
 * wizard.
 */
export const importMappingSchema = z
  .object({
    columns: z
      .record(z.string().min(1).max(64), z.string().min(1).max(200))
      .describe('Field → the header of the source column, e.g. {"name": "Deal", "owner": "Rep"}'),
    values: z
      .record(z.string().min(1).max(64), z.record(z.string().max(200), z.string().max(200)))
      .optional()
      .describe('Field → {source value → value}, e.g. {"status": {"Won": "won", "赢单": "won"}}'),
    formats: z
      .object({
        date: z.enum(DATE_FORMATS).optional().describe('Default auto'),
        decimal: z.enum(DECIMAL_MARKS).optional().describe('Decimal mark of amounts; default auto'),
        encoding: z
          .enum(['auto', ...ENCODINGS])
          .optional()
          .describe('Default auto (detected)'),
        delimiter: z
          .enum(['auto', ...DELIMITERS, 'tab'])
          .optional()
          .describe('Default auto (sniffed among , ; tab |)'),
      })
      .strict()
      .optional(),
    duplicates: z
      .enum(IMPORT_DUPLICATES)
      .optional()
      .describe(
        'Accounts and deals, rows without an external id: `skip` (default) reports a new account whose name, or a new deal whose name, account and owner match a live record (or an earlier row) as a possible duplicate and leaves it out; `create` imports it anyway',
      ),
    defaults: z
      .record(z.string().min(1).max(64), z.string().max(200))
      .optional()
      .describe('Field → a value for rows whose cell is empty or whose file has no such column'),
  })
  .strict()
  .meta({ id: 'ImportMapping' });

export type ImportMapping = z.infer<typeof importMappingSchema>;
