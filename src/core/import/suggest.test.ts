import { describe, expect, it } from 'vitest';
import { fieldSpec } from './entities.ts';
import { builtinValue, suggestMapping } from './suggest.ts';

describe('builtinValue', () => {
  const status = fieldSpec('opportunities', 'status')!;
  it('reads the built-in words of an enum field, in any language, spelling or case', () => {
    expect(builtinValue(status, 'Won')).toBe('won');
    expect(builtinValue(status, ' closed-won ')).toBe('won');
    expect(builtinValue(status, '赢单')).toBe('won');
    expect(builtinValue(status, 'Engaging')).toBe('open');
    expect(builtinValue(status, 'no_decision')).toBe('no_decision');
  });
  it('leaves what needs a value map', () => {
    expect(builtinValue(status, '商务谈判')).toBeUndefined();
    expect(builtinValue(status, '')).toBeUndefined();
    expect(builtinValue(status, '—')).toBeUndefined();
    expect(builtinValue(fieldSpec('opportunities', 'name')!, 'won')).toBeUndefined();
  });
  it('puts head counts into company-size bands', () => {
    const size = fieldSpec('accounts', 'size')!;
    expect(builtinValue(size, '49')).toBe('1-49');
    expect(builtinValue(size, '800')).toBe('250-999');
    expect(builtinValue(size, '6000')).toBe('5000+');
    expect(builtinValue(size, '很多')).toBeUndefined();
  });
});

describe('suggestMapping', () => {
  it('suggests the close date for the headers a won or lost date goes by', () => {
    for (const header of [
      '赢单日期',
      '成交日期',
      '签约日期',
      '结单日期',
      '关闭日期',
      'Close Date',
      'Won Date',
      'Closed Date',
    ]) {
      const { mapping } = suggestMapping('opportunities', ['商机名称', '客户', header, '预计成交日期']);
      expect(mapping.columns.closedAt, header).toBe(header);
      expect(mapping.columns.expectedCloseDate, header).toBe('预计成交日期');
    }
  });
});
