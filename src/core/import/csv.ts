/**
 * A streaming CSV parser for files people really have: RFC 4180 quoting (doubled quotes, delimiters and
 * line breaks inside quotes), CRLF, LF or lone CR line ends, a leading byte-order mark, blank lines,
 * stray quotes inside unquoted fields (kept as text) and text after a closing quote (kept too). Rows may
 * have any number of fields; what to make of ragged rows is the caller's decision.
 *
 * Feed it decoded text in chunks of any size (`push`), then `end()`. Each record comes with its
 * spreadsheet row number (the first record is row 1, usually the header; blank lines count, quoted line
 * breaks do not), so error reports name the row the user sees in Excel.
 */

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export type CsvRecord = { fields: string[]; row: number };

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvParser {
  private buf = '';
  private row = 0;
  private started = false;
  private readonly delim: number;

  constructor(delimiter: string = ',') {
    if (delimiter.length !== 1) throw new Error('The delimiter must be one character.');
    this.delim = delimiter.charCodeAt(0);
  }

  /** Parses what is complete in the text so far; an unfinished last record waits for more text. */
  push(chunk: string, out: CsvRecord[] = []): CsvRecord[] {
    if (!this.started && chunk.length) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.buf = this.buf ? this.buf + chunk : chunk;
    const consumed = this.parse(out, false);
    this.buf = consumed >= this.buf.length ? '' : this.buf.slice(consumed);
    return out;
  }

  /** The end of the text: the last record, even without a final line break or closing quote. */
  end(out: CsvRecord[] = []): CsvRecord[] {
    this.parse(out, true);
    this.buf = '';
    return out;
  }

  /** Parses whole records from `buf`; returns how many characters were consumed. */
  private parse(out: CsvRecord[], final: boolean): number {
    const s = this.buf;
    const n = s.length;
    const d = this.delim;
    let pos = 0;
    while (pos < n) {
      const recordStart = pos;
      const fields: string[] = [];
      let i = pos;
      let complete = false;
      for (;;) {
        // One field starting at i.
        if (i < n && s.charCodeAt(i) === QUOTE) {
          let value = '';
          let j = i + 1;
          let closed = false;
          for (;;) {
            const q = s.indexOf('"', j);
            if (q === -1) break;
            if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
              value += s.slice(j, q + 1);
              j = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) break; // the quote might be the first of a doubled pair
            value += s.slice(j, q);
            j = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (!final) return recordStart;
            // An unterminated quote at the end of the file: take the rest as the field.
            value += s.slice(j);
            j = n;
          }
          // Text after the closing quote up to the delimiter is kept (lenient, like spreadsheets).
          let k = j;
          while (k < n) {
            const c = s.charCodeAt(k);
            if (c === d || c === LF || c === CR) break;
            k++;
          }
          if (k > j) value += s.slice(j, k);
          fields.push(value);
          i = k;
        } else {
          let k = i;
          while (k < n) {
            const c = s.charCodeAt(k);
            if (c === d || c === LF || c === CR) break;
            k++;
          }
          fields.push(s.slice(i, k));
          i = k;
        }
        if (i >= n) {
          if (!final) return recordStart;
          complete = true;
          break;
        }
        const c = s.charCodeAt(i);
        if (c === d) {
          i++;
          if (i >= n && final) {
            fields.push('');
            complete = true;
            break;
          }
          continue;
        }
        // A line end: CRLF needs to see the LF, which may be in the next chunk.
        if (c === CR) {
          if (i + 1 >= n && !final) return recordStart;
          i += s.charCodeAt(i + 1) === LF ? 2 : 1;
        } else i++;
        complete = true;
        break;
      }
      if (!complete) return recordStart;
      // Rows as a spreadsheet shows them: one per record (a quoted line break stays inside its cell),
      // blank lines included.
      const row = ++this.row;
      pos = i;
      // Blank lines are not records.
      if (!(fields.length === 1 && fields[0] === '')) out.push({ fields, row });
    }
    return pos;
  }
}

/** Parses a whole text at once. */
export function parseCsv(text: string, delimiter: string = ','): CsvRecord[] {
  const p = new CsvParser(delimiter);
  const out = p.push(text);
  return p.end(out);
}

/**
 * Picks the delimiter of a sample (the first lines of a file): the candidate that splits the records into
 * the same number (> 1) of fields most consistently, quotes respected. Ties go to the more fields, then
 * to the order comma, semicolon, tab, bar. Falls back to the comma.
 */
export function sniffDelimiter(sample: string): Delimiter {
  // Drop a possibly cut last line so a half record does not count.
  const cut = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'));
  const text = cut > 0 ? sample.slice(0, cut) : sample;
  let best: { d: Delimiter; score: number; width: number } | undefined;
  for (const d of DELIMITERS) {
    const records = parseCsv(text, d).slice(0, 50);
    if (!records.length) continue;
    const counts = new Map<number, number>();
    for (const r of records) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
    let width = 1;
    let hits = 0;
    for (const [w, c] of counts) if (c > hits || (c === hits && w > width)) [width, hits] = [w, c];
    if (width < 2) continue;
    // The header must split too; then how consistently the rest agree with the usual width.
    const headerOk = records[0]!.fields.length >= 2 ? 1 : 0;
    const score = headerOk + hits / records.length;
    if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) < 1e-9 && width > best.width))
      best = { d, score, width };
  }
  return best?.d ?? ',';
}
