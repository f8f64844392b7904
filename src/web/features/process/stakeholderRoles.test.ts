import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { ProblemError } from '../../lib/api.ts';
import { contactsInRole, isRoleTaken, roleTakenText } from './stakeholderRoles.ts';

beforeAll(async () => {
  await i18n.init({
    lng: 'zh-CN',
    fallbackLng: 'en',
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  });
});

const team = [
  { id: 's1', contactId: 'zhang', role: 'decision_maker' as const },
  { id: 's2', contactId: 'li', role: 'coach' as const },
  { id: 's3', contactId: 'li', role: 'decision_maker' as const },
];

describe('a contact holds each buying role on a deal once', () => {
  it('knows who holds a role already, but for the stakeholder being edited', () => {
    expect(contactsInRole(team, 'decision_maker')).toEqual(new Set(['zhang', 'li']));
    expect(contactsInRole(team, 'coach')).toEqual(new Set(['li']));
    expect(contactsInRole(team, 'user')).toEqual(new Set());
    // Editing Li's coach row: Li may keep being coach, and may not become decision maker a second time.
    expect(contactsInRole(team, 'coach', 's2')).toEqual(new Set());
    expect(contactsInRole(team, 'decision_maker', 's2')).toEqual(new Set(['zhang', 'li']));
  });

  it('recognises the server’s refusal of a second time on the contact field', () => {
    const refusal = (path: string, code = 'in_use') =>
      new ProblemError({
        status: 409,
        code: 'duplicate',
        detail: 'A record with the same opportunityId, contactId and role already exists.',
        errors: [{ path, code, message: 'already in use' }],
      });
    expect(isRoleTaken(refusal('contactId'))).toBe(true);
    expect(isRoleTaken(refusal('contactId', 'unknown_reference'))).toBe(false);
    expect(isRoleTaken(refusal('notes'))).toBe(false);
    expect(isRoleTaken(new Error('offline'))).toBe(false);
  });

  it('says who holds which role, in the user’s language', () => {
    expect(roleTakenText(i18n.getFixedT('zh-CN'), '张伟', 'decision_maker')).toBe(
      '张伟 已是此商机的关键决策人。',
    );
    expect(roleTakenText(i18n.getFixedT('en'), '张伟', 'decision_maker')).toBe(
      '张伟 already holds the role “Decision maker” on this deal.',
    );
    expect(roleTakenText(i18n.getFixedT('en'), undefined, 'coach')).toBe(
      'This contact already holds the role “Coach (insider)” on this deal.',
    );
  });
});
