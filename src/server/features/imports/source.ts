import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { CsvParser, type CsvRecord, type Delimiter, sniffDelimiter } from '../../../core/import/csv.ts';
import { createDecoder, detectEncoding, type Encoding } from '../../../core/import/encoding.ts';
import type { ImportMapping } from '../../../core/import/mapping.ts';
import { DomainError } from '../../http/errors.ts';

/** The bytes of an import file: a file on disk (CLI) or an upload kept in the database (API). */
export type ByteSource = {
  name: string;
  size: number;
  chunks: (chunkSize?: number) => AsyncIterable<Uint8Array>;
};

export function fileSource(path: string, name = path): ByteSource {
  const size = fs.statSync(path).size;
  return {
    name,
    size,
    chunks: (chunkSize = 1 << 20) => fs.createReadStream(path, { highWaterMark: chunkSize }),
  };
}

export function bufferSource(name: string, buf: Buffer): ByteSource {
  return {
    name,
    size: buf.length,
    chunks: async function* (chunkSize = 1 << 20) {
      for (let i = 0; i < buf.length; i += chunkSize) yield buf.subarray(i, i + chunkSize);
    },
  };
}

export async function sha256Of(src: ByteSource): Promise<string> {
  const h = createHash('sha256');
  for await (const c of src.chunks()) h.update(c);
  return h.digest('hex');
}

async function head(src: ByteSource, bytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of src.chunks(Math.min(bytes, 1 << 20))) {
    parts.push(c);
    n += c.length;
    if (n >= bytes) break;
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

export type FileShape = {
  encoding: Encoding;
  bom: boolean;
  delimiter: Delimiter;
  headers: string[];
  /** The first data rows, as read. */
  sample: string[][];
};

const SAMPLE_BYTES = 256 * 1024;

/**
 * Refuses a spreadsheet workbook (.xlsx/.ods are zip files, .xls an OLE compound file) with what to do:
 * read as text it would "detect" as some encoding with one column of noise.
 */
export function assertNotWorkbook(bytes: Uint8Array): void {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x50, 0x4b, 0x03, 0x04]) || starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    throw new DomainError(
      422,
      'spreadsheet_file',
      'This is a spreadsheet workbook (Excel), not a CSV file: save it as "CSV UTF-8" and import that.',
    );
}

/**
 * How to read a file: its encoding and delimiter (as the mapping's formats say, else detected from the
 * first 256 KB), its header row and a few sample rows.
 */
export async function inspectSource(
  src: ByteSource,
  formats: ImportMapping['formats'] = {},
  sampleRows = 20,
): Promise<FileShape> {
  if (src.size === 0) throw new DomainError(422, 'empty_file', 'The file is empty.');
  const bytes = await head(src, SAMPLE_BYTES);
  assertNotWorkbook(bytes);
  const detected = detectEncoding(bytes);
  const encoding = formats.encoding && formats.encoding !== 'auto' ? formats.encoding : detected.encoding;
  const decoder = createDecoder(encoding);
  let text: string;
  try {
    text = decoder.write(bytes);
  } catch (err) {
    throw new DomainError(422, 'bad_encoding', (err as Error).message);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const wanted = formats.delimiter && formats.delimiter !== 'auto' ? formats.delimiter : undefined;
  const delimiter = (wanted === 'tab' ? '\t' : wanted) ?? sniffDelimiter(text);
  const parser = new CsvParser(delimiter);
  const records = parser.push(text);
  if (bytes.length >= src.size) parser.end(records);
  const header = records[0];
  if (!header) throw new DomainError(422, 'no_header', 'The file has no header row.');
  const headers = header.fields.map((h) => h.trim());
  if (headers.every((h) => h === ''))
    throw new DomainError(422, 'no_header', 'The first row of the file is empty; it must name the columns.');
  return {
    encoding,
    bom: detected.bom,
    delimiter,
    headers,
    sample: records.slice(1, 1 + sampleRows).map((r) => r.fields),
  };
}

/**
 * The records of a file in the order they appear, in groups as the parser completes them, with the
 * number of bytes read so far (for progress).
 */
export async function* readRecords(
  src: ByteSource,
  shape: Pick<FileShape, 'encoding' | 'delimiter'>,
): AsyncGenerator<{ records: CsvRecord[]; bytes: number }> {
  const decoder = createDecoder(shape.encoding);
  const parser = new CsvParser(shape.delimiter);
  let bytes = 0;
  try {
    for await (const chunk of src.chunks()) {
      bytes += chunk.length;
      const records = parser.push(decoder.write(chunk));
      if (records.length) yield { records, bytes };
    }
    const tail = parser.push(decoder.end());
    parser.end(tail);
    if (tail.length) yield { records: tail, bytes };
  } catch (err) {
    if (err instanceof Error && /not valid UTF-8/.test(err.message))
      throw new DomainError(422, 'bad_encoding', err.message);
    throw err;
  }
}

/** The data rows of a file one by one (the header row left out), for passes that need no progress. */
export async function* dataRows(
  src: ByteSource,
  shape: Pick<FileShape, 'encoding' | 'delimiter'>,
): AsyncGenerator<CsvRecord> {
  let header = true;
  for await (const { records } of readRecords(src, shape))
    for (const r of records) {
      if (header) header = false;
      else yield r;
    }
}
