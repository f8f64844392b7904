import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, DELIMITERS, parseCsv, sniffDelimiter } from './csv.ts';

const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '""',
    'a,b',
    'a;b',
    'x\ny',
    'x\r\ny',
    '\r',
    '客户,公司',
    '¥1,234.00',
    'tab\there',
    'a|b',
  ),
);
/** Records of at least one field, none of which is a single empty field (a blank line). */
const records = fc.array(
  fc.array(cell, { minLength: 1, maxLength: 6 }).filter((r) => !(r.length === 1 && r[0] === '')),
  { minLength: 1, maxLength: 20 },
);

function serialise(rows: string[][], d: string, eol: string, quoteAll: boolean): string {
  return rows
    .map((r) =>
      r
        .map((c) =>
          quoteAll || c.includes(d) || /["\r\n]/.test(c) || c.startsWith(' ') || c === ''
            ? `"${c.replaceAll('"', '""')}"`
            : c,
        )
        .join(d),
    )
    .join(eol);
}

function chunked(text: string, cuts: number[], d: string) {
  const p = new CsvParser(d);
  const out: string[][] = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    const to = Math.min(text.length, c);
    for (const r of p.push(text.slice(at, to))) out.push(r.fields);
    at = to;
  }
  for (const r of p.push(text.slice(at))) out.push(r.fields);
  for (const r of p.end()) out.push(r.fields);
  return out;
}

describe('CSV parser', () => {
  it('reads back what an RFC 4180 writer wrote, for any delimiter, line end and chunking', () => {
    fc.assert(
      fc.property(
        records,
        fc.constantFrom(...DELIMITERS),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat({ max: 400 }), { maxLength: 8 }),
        (rows, d, eol, quoteAll, bom, trailing, cuts) => {
          const text = (bom ? '\uFEFF' : '') + serialise(rows, d, eol, quoteAll) + (trailing ? eol : '');
          expect(chunked(text, cuts, d)).toEqual(rows);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('numbers records by the spreadsheet row Excel shows: blank lines count, quoted line breaks do not', () => {
    const rows = parseCsv('Deal,Notes\r\nA,"two\nlines"\r\n\r\nB,x\rC,"a\r\nb\r\nc"\nD,');
    expect(rows.map((r) => [r.row, r.fields])).toEqual([
      [1, ['Deal', 'Notes']],
      [2, ['A', 'two\nlines']],
      [4, ['B', 'x']],
      [5, ['C', 'a\r\nb\r\nc']],
      [6, ['D', '']],
    ]);
  });

  it('keeps stray quotes and text after a closing quote, and ends an unterminated quote at the end', () => {
    expect(parseCsv('a"b,"c"d,e\n"open,x').map((r) => r.fields)).toEqual([['a"b', 'cd', 'e'], ['open,x']]);
  });

  it('keeps ragged rows as they are', () => {
    expect(parseCsv('a,b,c\n1\n1,2,3,4\n').map((r) => r.fields.length)).toEqual([3, 1, 4]);
  });
});

describe('delimiter sniffing', () => {
  it('finds the delimiter a file was written with', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DELIMITERS),
        fc.integer({ min: 2, max: 6 }),
        fc.array(
          fc.array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9 .,;|]{0,8}$/), cell), {
            minLength: 6,
            maxLength: 6,
          }),
          {
            minLength: 2,
            maxLength: 12,
          },
        ),
        (d, width, body) => {
          const header = Array.from({ length: width }, (_, i) => `Col ${i}`);
          const rows = [header, ...body.map((r) => r.slice(0, width))];
          expect(sniffDelimiter(serialise(rows, d, '\n', false))).toBe(d);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the real shapes: semicolons with decimal commas, tabs, a single column', () => {
    expect(sniffDelimiter('Deal;Amount;Date\nA;1.234,56;1.3.2017\nB;12,00;2.3.2017\n')).toBe(';');
    expect(sniffDelimiter('Deal\tAmount\nA\t1,234\n')).toBe('\t');
    expect(sniffDelimiter('Deal,"Amount, in CNY"\n"A, Inc.","1,234"\n')).toBe(',');
    expect(sniffDelimiter('name\nA\nB\n')).toBe(',');
  });
});
