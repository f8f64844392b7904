import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../test/csv.ts';
import { en } from '../web/i18n/en.ts';
import { zhCN } from '../web/i18n/zh-CN.ts';
import { csvField, csvLine, neutraliseFormula } from './csv-write.ts';
import { ENUM_LABELS, enumLabel, langFromAcceptLanguage } from './export-labels.ts';

describe('CSV writer', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180) and leaves plain ones bare', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', 'one\ntwo', 'cr\rlf', '华为'])).toBe(
      'plain,"a,b","say ""hi""","one\ntwo","cr\rlf",华为\r\n',
    );
    expect(csvLine([null, undefined, ''])).toBe(',,\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas (OWASP: = + - @ tab CR)', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+86 10 8888 0000')).toBe(`"'+86 10 8888 0000"`);
    expect(csvField('-2+3')).toBe(`"'-2+3"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\tindent')).toBe(`"'\tindent"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    // Only the first character counts.
    expect(csvField('a=b')).toBe('a=b');
    expect(neutraliseFormula('')).toBe('');
  });

  it('keeps numbers in numeric columns numbers, negative ones included, but not in text columns', () => {
    expect(csvField('-1250.50', 'number')).toBe('-1250.50');
    expect(csvField('42', 'number')).toBe('42');
    expect(csvField('-1250.50', 'text')).toBe(`"'-1250.50"`);
    // A "number" cell that is not a plain number is treated as text.
    expect(csvField('-1+2', 'number')).toBe(`"'-1+2"`);
    expect(csvField('1e5', 'number')).toBe('1e5');
  });

  it('round-trips any text through an RFC 4180 parser, formula cells with their apostrophe', () => {
    const cell = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({
        unit: fc.constantFrom('a', ',', '"', '\r', '\n', '=', '-', '+', '@', '\t', '吉', ' '),
        maxLength: 12,
      }),
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (values) => {
        const parsed = parseCsv(csvLine(values));
        expect(parsed).toEqual([values.map(neutraliseFormula)]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('export labels', () => {
  it('are the web app’s labels, in both languages', () => {
    const web = (m: typeof en) =>
      ({
        tier: m.enums.tier,
        size: m.enums.size,
        status: m.enums.status,
        forecast: m.enums.forecast,
        activityType: m.enums.activityType,
        activityStatus: m.enums.activityStatus,
        role: m.enums.role,
        userStatus: m.enums.userStatus,
        buyingRole: m.stakeholders.roles,
        attitude: m.stakeholders.attitudes,
        funnel: m.process.funnel,
      }) as Record<string, Record<string, string>>;
    for (const [lang, messages] of [
      ['en', en],
      ['zh', zhCN],
    ] as const) {
      const expected = web(messages);
      for (const [name, labels] of Object.entries(expected))
        for (const [code, label] of Object.entries(labels))
          expect(
            (ENUM_LABELS as Record<string, Record<string, { en: string; zh: string }>>)[name]?.[code]?.[lang],
            `${name}.${code} (${lang})`,
          ).toBe(label);
    }
    expect(enumLabel('status', 'won', 'zh-CN')).toBe('赢单');
    expect(enumLabel('status', 'unknown', 'en')).toBe('unknown');
  });

  it('pick the language from Accept-Language by weight', () => {
    expect(langFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(langFromAcceptLanguage('en-US,en;q=0.9,zh-TW;q=0.5')).toBe('en');
    expect(langFromAcceptLanguage('fr-FR, zh-Hans;q=0.7, en;q=0.3')).toBe('zh-CN');
    expect(langFromAcceptLanguage('fr, de;q=0.5')).toBeUndefined();
    expect(langFromAcceptLanguage('zh;q=0, en;q=0.1')).toBe('en');
    expect(langFromAcceptLanguage(undefined)).toBeUndefined();
  });
});
