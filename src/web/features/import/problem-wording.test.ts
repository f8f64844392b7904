// The import problems (src/core) name the wizard's checkbox by its label: the two must not drift apart.
import { describe, expect, it } from 'vitest';
import { problemText } from '../../../core/import/problems.ts';
import { importEn } from '../../i18n/import.en.ts';
import { importZh } from '../../i18n/import.zh-CN.ts';

describe('import problems and the wizard', () => {
  it('name the wizard’s checkboxes as the wizard labels them, in each language, and no CLI flag', () => {
    const hints = [
      ['refMissingCreatable', 'createMissing'],
      ['managerLeadsNoTeam', 'createMissing'],
      ['duplicateDeal', 'createDuplicates'],
      ['duplicateAccount', 'createDuplicates'],
      ['duplicateRow', 'createDuplicates'],
    ] as const;
    for (const [code, label] of hints) {
      const p = { code, params: { kind: 'account', value: 'X', row: 2 } };
      expect(problemText(p, 'en', 'web'), code).toContain(`"${importEn[label]}"`);
      expect(problemText(p, 'zh-CN', 'web'), code).toContain(`“${importZh[label]}”`);
      expect(problemText(p, 'zh-CN', 'web'), code).not.toMatch(/--create-missing|"duplicates"/);
    }
  });

  it('name the CLI’s flag or mapping key, and no checkbox, on the command line', () => {
    const p = { code: 'refMissingCreatable', params: { kind: 'account', value: '阿里云' } } as const;
    expect(problemText(p, 'zh-CN', 'cli')).toBe(
      '没有与“阿里云”匹配的客户（加上 --create-missing 参数即可创建）',
    );
    expect(problemText(p, 'zh-CN', 'web')).toBe(
      '没有与“阿里云”匹配的客户（勾选“自动创建缺失的关联记录”即可创建）',
    );
    expect(problemText(p, 'en', 'cli')).toBe(
      'no account matches "阿里云" (add --create-missing to create it)',
    );
    expect(problemText({ code: 'duplicateDeal' }, 'en', 'cli')).toContain('"duplicates": "create"');
    expect(problemText({ code: 'duplicateDeal' }, 'en', 'cli')).not.toContain(importEn.createDuplicates);
  });
});
