import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAll, detectEncoding } from './encoding.ts';
import { referenceKey } from './normalize.ts';
import { problemText } from './problems.ts';
import { guessDateFormat, parseAmount, parseBoolean, parseDate, toTimestamp } from './values.ts';

const date = (s: string, f?: Parameters<typeof parseDate>[1]) => {
  const r = parseDate(s, f);
  return r.ok ? r.value.date : `error: ${problemText(r.problem)}`;
};

describe('dates', () => {
  it('reads ISO, slashes, US, European, Chinese and Excel dates', () => {
    expect(date('2017-03-01')).toBe('2017-03-01');
    expect(date('2017/3/1')).toBe('2017-03-01');
    expect(date('2017.3.1')).toBe('2017-03-01');
    expect(date('3/1/2017')).toBe('2017-03-01');
    expect(date('25/12/2017')).toBe('2017-12-25');
    expect(date('1.3.2017')).toBe('2017-03-01');
    expect(date('2017年3月1日')).toBe('2017-03-01');
    expect(date('2017 年 3 月 1 日')).toBe('2017-03-01');
    expect(date('42795')).toBe('2017-03-01');
    expect(date('3/1/2017', 'DD/MM/YYYY')).toBe('2017-01-03');
    expect(date('01.03.2017', 'DD.MM.YYYY')).toBe('2017-03-01');
    expect(date('2017-02-30')).toMatch(/^error: .*not a calendar date/);
    expect(date('soon')).toMatch(/^error: a date/);
    expect(date('2017-03-01', 'MM/DD/YYYY')).toMatch(/^error/);
  });

  it('reads dates with English month names, either order', () => {
    expect(date('Mar 1, 2017')).toBe('2017-03-01');
    expect(date('March 1 2017')).toBe('2017-03-01');
    expect(date('Sept 30, 2017')).toBe('2017-09-30');
    expect(date('1-Mar-17')).toBe('2017-03-01');
    expect(date('01 Mar 2017')).toBe('2017-03-01');
    expect(date('1 December 2016')).toBe('2016-12-01');
    expect(date('Feb 30, 2017')).toMatch(/not a calendar date/);
    expect(date('Maybe 1, 2017')).toMatch(/^error/);
    expect(date('1-Ma-17')).toMatch(/^error/);
  });

  it('reads full-width digits and separators', () => {
    expect(date('２０１７年３月１日')).toBe('2017-03-01');
    expect(date('２０１７／０３／０１')).toBe('2017-03-01');
    expect(date('２０１７－０３－０１\u3000１０：３０')).toBe('2017-03-01');
  });

  it('keeps times and zones, and takes a plain date as 00:00 UTC', () => {
    const ts = (s: string) => {
      const r = parseDate(s);
      return r.ok ? toTimestamp(r.value) : problemText(r.problem);
    };
    expect(ts('2017-03-01')).toBe('2017-03-01T00:00:00.000Z');
    expect(ts('2017-03-01 13:05')).toBe('2017-03-01T13:05:00.000Z');
    expect(ts('2017-03-01T13:05:09+08:00')).toBe('2017-03-01T05:05:09.000Z');
    expect(ts('3/1/2017 1:05 PM')).toBe('2017-03-01T13:05:00.000Z');
    expect(ts('2017年3月1日 下午2:30')).toBe('2017-03-01T14:30:00.000Z');
    expect(ts('42795.5')).toBe('2017-03-01T12:00:00.000Z');
  });

  it('reads every calendar day back in each format', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (d) => {
          const y = d.getUTCFullYear();
          const m = d.getUTCMonth() + 1;
          const day = d.getUTCDate();
          const iso = d.toISOString().slice(0, 10);
          expect(date(iso)).toBe(iso);
          expect(date(`${m}/${day}/${y}`, 'MM/DD/YYYY')).toBe(iso);
          expect(date(`${day}/${m}/${y}`, 'DD/MM/YYYY')).toBe(iso);
          expect(date(`${day}.${m}.${y}`)).toBe(iso);
          expect(date(`${y}年${m}月${day}日`)).toBe(iso);
          const serial = Math.round((Date.UTC(y, m - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000);
          expect(date(String(serial))).toBe(iso);
        },
      ),
    );
  });

  it('guesses day-first columns from their samples', () => {
    expect(guessDateFormat(['3/1/2017', '12/31/2017'])).toBe('MM/DD/YYYY');
    expect(guessDateFormat(['3/1/2017', '31/12/2017'])).toBe('DD/MM/YYYY');
    expect(guessDateFormat(['2017-03-01'])).toBe('auto');
  });
});

describe('amounts', () => {
  const amount = (s: string, d?: Parameters<typeof parseAmount>[1]) => {
    const r = parseAmount(s, d);
    return r.ok ? r.value : problemText(r.problem);
  };
  it('reads currency signs, grouping, decimal commas, negatives and Chinese units', () => {
    expect(amount('¥1,234.00')).toEqual({ value: 1234, currency: 'CNY' });
    expect(amount('￥ 1,234,567.5')).toEqual({ value: 1234567.5, currency: 'CNY' });
    expect(amount('1.234,56 €')).toEqual({ value: 1234.56, currency: 'EUR' });
    expect(amount('1 234,56')).toEqual({ value: 1234.56, currency: null });
    expect(amount('$12,000')).toEqual({ value: 12000, currency: 'USD' });
    expect(amount('(1,234)')).toEqual({ value: -1234, currency: null });
    expect(amount('-¥5.5')).toEqual({ value: -5.5, currency: 'CNY' });
    expect(amount('12万')).toEqual({ value: 120000, currency: null });
    expect(amount('1.5亿元')).toEqual({ value: 150000000, currency: 'CNY' });
    expect(amount('CNY 800')).toEqual({ value: 800, currency: 'CNY' });
    expect(amount('1.234', ',')).toEqual({ value: 1234, currency: null });
    expect(amount('12,5')).toEqual({ value: 12.5, currency: null });
    expect(amount('about 5')).toMatch(/an amount/);
    expect(amount('1,23,4')).toMatch(/one decimal mark/);
    expect(amount('12,34.5')).toMatch(/grouped by three/);
  });

  it('reads full-width digits and marks, as a Chinese input method types them', () => {
    expect(amount('１２，３４５元')).toEqual({ value: 12345, currency: 'CNY' });
    expect(amount('￥１，２３４．５０')).toEqual({ value: 1234.5, currency: 'CNY' });
    expect(amount('－８００')).toEqual({ value: -800, currency: null });
    expect(amount('１２万')).toEqual({ value: 120000, currency: null });
  });

  it('reads back any amount written with either convention', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999_999 }),
        fc.integer({ min: 0, max: 99 }),
        (int, cents) => {
          const grouped = (sep: string) => int.toLocaleString('en-US').replaceAll(',', sep);
          const c = String(cents).padStart(2, '0');
          const value = Number(`${int}.${c}`);
          expect(parseAmount(`¥${grouped(',')}.${c}`)).toEqual({
            ok: true,
            value: { value, currency: 'CNY' },
          });
          expect(parseAmount(`${grouped('.')},${c} €`, ',')).toEqual({
            ok: true,
            value: { value, currency: 'EUR' },
          });
        },
      ),
    );
  });

  it('reads yes/no in English and Chinese', () => {
    expect(['Yes', '是', '1', 'x'].map((s) => parseBoolean(s).ok && parseBoolean(s))).toEqual(
      [true, true, true, true].map((v) => ({ ok: true, value: v })),
    );
    expect(parseBoolean('否')).toEqual({ ok: true, value: false });
    expect(parseBoolean('maybe').ok).toBe(false);
  });
});

describe('reference keys', () => {
  it('match names that differ in case, spaces, punctuation and width', () => {
    const k = referenceKey('GTX Pro');
    for (const v of ['GTXPro', 'gtx-pro', 'ＧＴＸ　Ｐｒｏ', ' G.T.X. pro ', 'GTX_PRO'])
      expect(referenceKey(v)).toBe(k);
    expect(referenceKey('上海恒达 智能制造（集团）')).toBe(referenceKey('上海恒达智能制造(集团)'));
    expect(referenceKey('Müller GmbH')).toBe(referenceKey('MULLER gmbh'));
    expect(referenceKey('GTX Pro')).not.toBe(referenceKey('GTX Pro 2'));
  });

  it('are stable: the key of a key is itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(referenceKey(referenceKey(s))).toBe(referenceKey(s));
      }),
    );
  });
});

describe('encoding detection', () => {
  /** GB18030 bytes of a text, by inverting the decoder over the two-byte range (no encoder ships). */
  const table = new Map<string, number[]>();
  const gbDecoder = new TextDecoder('gb18030');
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = gbDecoder.decode(new Uint8Array([a, b]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [a, b]);
    }
  const gbk = (s: string) =>
    new Uint8Array([...s].flatMap((c) => (c.charCodeAt(0) < 128 ? [c.charCodeAt(0)] : table.get(c)!)));

  it('tells UTF-8 (with and without BOM), UTF-16 and GBK apart and decodes them', () => {
    const text = '客户,金额,负责人\n上海恒达,"￥1,234.00",王芳\n';
    const utf8 = new TextEncoder().encode(text);
    expect(detectEncoding(utf8)).toEqual({ encoding: 'utf-8', bom: false });
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({
      encoding: 'utf-8',
      bom: true,
    });
    const le = new Uint8Array([
      0xff,
      0xfe,
      ...[...text].flatMap((c) => [c.charCodeAt(0) & 255, c.charCodeAt(0) >> 8]),
    ]);
    expect(detectEncoding(le)).toEqual({ encoding: 'utf-16le', bom: true });
    expect(decodeAll(le, 'utf-16le')).toBe(text);
    const gb = gbk(text);
    expect(detectEncoding(gb)).toEqual({ encoding: 'gb18030', bom: false });
    expect(decodeAll(gb, 'gb18030')).toBe(text);
    expect(decodeAll(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), 'utf-8')).toBe(text);
  });

  it('accepts a UTF-8 sample cut in the middle of a character', () => {
    const bytes = new TextEncoder().encode('客户名称');
    expect(detectEncoding(bytes.slice(0, 4)).encoding).toBe('utf-8');
  });

  it('refuses a file that stops being UTF-8 further on', () => {
    expect(() => decodeAll(new Uint8Array([0x61, 0x2c, 0xc4, 0xe3]), 'utf-8')).toThrow(/not valid UTF-8/);
  });
});
