import { expect, describe as group, it } from 'vitest';
import { problem, problemText } from '../../../core/import/problems.ts';
import { describe, reportCsv } from './report.ts';

const required = problem('required');
const unmapped = { row: 4, field: 'expectedCloseDate', column: null, value: null, problem: required };

group('the error report names where a problem is', () => {
  it('under the file’s own column when one is mapped to the field', () => {
    const e = { ...unmapped, column: '预计成交' };
    expect(describe(e, 'en', 'web')).toBe(`预计成交: ${problemText(required, 'en', 'web')}`);
    expect(describe(e, 'en', 'cli')).toBe(`预计成交: ${problemText(required, 'en', 'cli')}`);
  });

  it('for the wizard, by the field’s name as the mapping step shows it where no column is mapped', () => {
    expect(describe(unmapped, 'en', 'web')).toBe(`Expected close: ${problemText(required, 'en', 'web')}`);
    expect(describe(unmapped, 'zh-CN', 'web')).toBe(`预计成交日期: ${problemText(required, 'zh-CN', 'web')}`);
    // A field only imports have is named by the import wizard's own words.
    const ext = { ...unmapped, field: 'externalId' };
    expect(describe(ext, 'en', 'web')).toMatch(/^External ID: /);
    expect(describe(ext, 'zh-CN', 'web')).toMatch(/^外部编号: /);
    // A key no catalogue names stays as it is; a problem of no field names none.
    expect(describe({ ...unmapped, field: 'noSuchField' }, 'en', 'web')).toMatch(/^noSuchField: /);
    expect(describe({ ...unmapped, field: null }, 'en', 'web')).toBe(problemText(required, 'en', 'web'));
  });

  it('on the command line, by the field’s key: the word its mapping file uses', () => {
    expect(describe(unmapped, 'zh-CN', 'cli')).toBe(
      `expectedCloseDate: ${problemText(required, 'zh-CN', 'cli')}`,
    );
  });

  it('in the downloaded report too', () => {
    const csv = reportCsv(['Name'], [{ ...unmapped, cells: ['Acme'] }], 'zh-CN', 'web');
    expect(csv).toBe(
      `\uFEFF行号,错误,Name\r\n4,预计成交日期: ${problemText(required, 'zh-CN', 'web')},Acme\r\n`,
    );
  });

  it('of a report imported again, in place of the earlier report’s row and errors columns', () => {
    const text = problemText(required, 'en', 'web');
    const again = reportCsv(
      ['行号', '错误', 'Name'],
      [{ ...unmapped, row: 2, cells: ['6', '预计成交日期: 必填', 'Acme'] }],
      'en',
      'web',
    );
    expect(again).toBe(`\uFEFFRow,Errors,Name\r\n2,Expected close: ${text},Acme\r\n`);
    // A file whose own first columns only look alike keeps them.
    const own = reportCsv(['Row', 'Name'], [{ ...unmapped, cells: ['7', 'Acme'] }], 'en', 'web');
    expect(own).toBe(`\uFEFFRow,Errors,Row,Name\r\n4,Expected close: ${text},7,Acme\r\n`);
  });
});
