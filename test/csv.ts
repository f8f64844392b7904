// Reading what exports write, independently of the code that writes it: a strict RFC 4180 parser and a
// ZIP reader (fflate).
import { strFromU8, unzipSync } from 'fflate';

/**
 * Parses RFC 4180 CSV: fields separated by commas, records by CRLF (a lone LF too), fields in double quotes
 * may hold commas, quotes (doubled) and line breaks. Throws on a stray quote, so malformed output fails.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n')
          throw new Error(`character after a closing quote at ${i}`);
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (!fieldStart) throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      fieldStart = false;
      i++;
      continue;
    }
    if (ch === ',') {
      record.push(field);
      field = '';
      fieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStart = true;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    fieldStart = false;
    i++;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (!fieldStart || field || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Header and rows as objects keyed by the header's names; the BOM, if any, is dropped. */
export function csvObjects(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  return {
    header,
    rows: rows.map((r) => {
      if (r.length !== header.length) throw new Error(`row has ${r.length} fields, header ${header.length}`);
      return Object.fromEntries(header.map((h, i) => [h, r[i]!]));
    }),
  };
}

/** The files of a ZIP, as text. */
export function unzipText(zip: Buffer): Record<string, string> {
  const files = unzipSync(new Uint8Array(zip));
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}
