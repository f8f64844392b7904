// The import problems (src/core) name the wizard's checkbox by its label: the two must not drift apart.
import { describe, expect, it } from 'vitest';
import { problemText } from '../../../core/import/problems.ts';
import { importEn } from '../../i18n/import.en.ts';
import { importZh } from '../../i18n/import.zh-CN.ts';

describe('import problems and the wizard', () => {
  it('name the “create missing references” checkbox as the wizard labels it, in each language', () => {
    for (const code of ['refMissingCreatable', 'managerLeadsNoTeam'] as const) {
      const p = { code, params: { kind: 'account', value: 'X' } };
      expect(problemText(p, 'en'), code).toContain(`"${importEn.createMissing}"`);
      expect(problemText(p, 'zh-CN'), code).toContain(`“${importZh.createMissing}”`);
    }
  });
});
