import { describe, expect, it } from 'vitest';
import type { ImportField, ImportPreview } from './api.ts';
import {
  applyMapping,
  exampleCell,
  mappedValue,
  missingRequired,
  problemsByRow,
  sampleFields,
  setColumn,
  setDefault,
  setFormat,
  setValue,
} from './wizard.ts';

const field = (key: string, required = false): ImportField => ({
  key,
  kind: 'text',
  required,
  values: null,
  help: '',
});

describe('editing a mapping', () => {
  it('sets and clears columns, value maps and formats, leaving no empty parts behind', () => {
    let m = setColumn({ columns: {} }, 'name', 'Deal');
    m = setColumn(m, 'status', 'Stage');
    m = setValue(m, 'status', 'Engaging', 'open');
    m = setFormat(m, 'date', 'DD.MM.YYYY');
    expect(m).toEqual({
      columns: { name: 'Deal', status: 'Stage' },
      values: { status: { Engaging: 'open' } },
      formats: { date: 'DD.MM.YYYY' },
    });
    m = setValue(m, 'status', 'Engaging', null);
    m = setFormat(m, 'date', 'auto');
    m = setColumn(m, 'status', null);
    expect(m).toEqual({ columns: { name: 'Deal' } });
  });

  it('applies a saved mapping to a file: columns it lacks are named, the file’s reading is kept', () => {
    const { mapping, dropped } = applyMapping(
      {
        columns: { name: 'Deal', owner: 'Rep', amount: 'Value ' },
        values: { status: { Won: 'won' } },
        formats: { date: 'MM/DD/YYYY', encoding: 'utf-8' },
      },
      ['Deal', 'Value', 'Stage'],
      { columns: {}, formats: { encoding: 'gb18030' } },
    );
    expect(mapping).toEqual({
      columns: { name: 'Deal', amount: 'Value' },
      values: { status: { Won: 'won' } },
      formats: { date: 'MM/DD/YYYY', encoding: 'gb18030' },
    });
    expect(dropped).toEqual(['owner']);
  });

  it('names required fields without a column or default', () => {
    const fields = [field('name', true), field('account', true), field('owner')];
    expect(missingRequired(fields, { columns: { name: 'Deal' } }).map((f) => f.key)).toEqual(['account']);
    expect(missingRequired(fields, { columns: { name: 'Deal' }, defaults: { account: 'X' } })).toEqual([]);
  });
});

describe('values', () => {
  it('prefers the value map, then the built-in words', () => {
    const m = { columns: {}, values: { status: { 跟进中: 'lost' } } };
    expect(mappedValue(m, 'status', { value: '跟进中', builtin: 'open' })).toEqual({
      value: 'lost',
      how: 'map',
    });
    expect(mappedValue(m, 'status', { value: '赢单', builtin: 'won' })).toEqual({
      value: 'won',
      how: 'builtin',
    });
    expect(mappedValue(m, 'status', { value: '商务谈判', builtin: null })).toEqual({
      value: null,
      how: null,
    });
  });

  it('shows the first non-empty cell of a column as its example', () => {
    expect(
      exampleCell(
        ['A', 'B'],
        [
          ['1', ' '],
          ['2', 'x'],
        ],
        'B',
      ),
    ).toBe('x');
    expect(exampleCell(['A'], [['1']], 'C')).toBeNull();
  });
});

describe('defaults', () => {
  it('sets, replaces and clears a field’s default, dropping the defaults when none is left', () => {
    const m = { columns: { name: 'Deal' } };
    const one = setDefault(m, 'currency', 'USD');
    expect(one).toEqual({ columns: { name: 'Deal' }, defaults: { currency: 'USD' } });
    const two = setDefault(setDefault(one, 'competitor', '待确认'), 'currency', 'CNY');
    expect(two.defaults).toEqual({ currency: 'CNY', competitor: '待确认' });
    expect(setDefault(setDefault(two, 'currency', ''), 'competitor', '  ')).toEqual(m);
    // A required field with a default no longer needs a column.
    const required = [field('owner', true)];
    expect(missingRequired(required, m).map((f) => f.key)).toEqual(['owner']);
    expect(missingRequired(required, setDefault(m, 'owner', 'li@example.com'))).toEqual([]);
  });
});

describe('preview', () => {
  it('groups problems by row and lists the fields the sample rows have, in the entity’s order', () => {
    const p = (row: number, f: string) => ({
      row,
      field: f,
      column: null,
      value: null,
      message: 'required',
      code: 'required' as const,
      params: null,
    });
    const byRow = problemsByRow([p(3, 'amount'), p(9, 'createdAt'), p(3, 'owner')]);
    expect([...byRow.keys()]).toEqual([3, 9]);
    expect(byRow.get(3)!.map((x) => x.field)).toEqual(['amount', 'owner']);
    const sample: ImportPreview['sample'] = [
      { row: 2, values: { amount: 1, name: 'A' } },
      { row: 3, values: { name: 'B', currency: 'CNY' } },
    ];
    expect(sampleFields([field('name'), field('owner'), field('amount'), field('currency')], sample)).toEqual(
      ['name', 'amount', 'currency'],
    );
  });
});
