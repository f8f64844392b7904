import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value in COPY text format: \N for null, backslash escapes for the characters COPY reserves. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL cannot be stored in text; it is dropped
  if (!/[\\\t\n\r\u0000]/.test(s)) return s;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: as above
  return s.replace(/[\\\t\n\r\u0000]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '',
  );
}

/** Streams rows into a table with COPY … FROM STDIN (text format), in one round of writes. */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (!rows.length) return;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (!parts.length) return true;
    const ok = stream.write(parts.join(''));
    parts.length = 0;
    size = 0;
    return ok;
  };
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  for (const r of rows) {
    let line = '';
    for (let i = 0; i < r.length; i++) line += (i ? '\t' : '') + copyValue(r[i]);
    line += '\n';
    parts.push(line);
    size += line.length;
    if (size > 1 << 20 && !flush()) await Promise.race([once(stream, 'drain'), done]);
  }
  flush();
  stream.end();
  await done;
}
