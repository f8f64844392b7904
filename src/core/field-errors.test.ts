import { describe, expect, it } from 'vitest';
import { FIELD_ERROR_CODES, fieldError, fieldErrorText, fieldErrorWords } from './field-errors.ts';
import { LANGUAGES } from './wording.ts';

const names = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));

describe('field errors', () => {
  it('words every code in every language, each naming the same parameters', () => {
    for (const code of FIELD_ERROR_CODES) {
      const [en, zh] = LANGUAGES.map((lang) => fieldErrorText(code, {}, lang));
      expect(en, code).toMatch(/\S/);
      expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect([...names(zh!)].sort(), code).toEqual([...names(en!)].sort());
    }
  });

  it('carries the English wording as the message, and words parameters with the language’s terms', () => {
    expect(fieldError('name', 'too_long', { maximum: 200 })).toEqual({
      path: 'name',
      code: 'too_long',
      params: { maximum: 200 },
      message: 'at most 200 characters',
    });
    expect(fieldErrorText('not_a_field', { entity: 'opportunities', fields: 'name, owner' }, 'zh-CN')).toBe(
      '不是商机的字段（可用字段：name, owner）',
    );
    expect(fieldErrorText('expected', { expected: 'number' })).toBe('expected a number');
    expect(fieldErrorText('expected', { expected: 'tuple' }, 'zh-CN')).toBe('应为tuple');
  });

  it('names a stage in Chinese by its Chinese name where the parameters carry one', () => {
    const params = { stage: 'Demo', stageZh: '演示', deals: 3, open: 2, closed: 1 };
    expect(fieldErrorText('stage_has_deals', params, 'zh-CN')).toBe(
      '阶段“演示”中还有 3 个商机（2 个进行中，1 个已结案），有商机的阶段不能删除，但可以停用',
    );
    expect(fieldErrorText('stage_has_deals', params)).toContain('"Demo": 3 (2 open, 1 closed)');
    expect(fieldErrorText('stage_in_history', { stage: 'Demo', stageZh: ' ', deals: 1 }, 'zh-CN')).toContain(
      '经过阶段“Demo”',
    );
    expect(fieldErrorText('stage_has_open_deals', { stage: 'Demo', stageZh: '演示', open: 2 }, 'zh-CN')).toBe(
      '阶段“演示”中还有 2 个进行中的商机；请先把它们移到其他阶段，再停用此阶段',
    );
    expect(fieldErrorText('stage_retired', { stage: 'Demo', stageZh: '演示' })).toBe(
      'the stage "Demo" is retired and takes no new deals; choose an active stage',
    );
  });

  it('falls back to the server’s message for a code this client does not know', () => {
    const known = { code: 'required', message: 'required' };
    expect(fieldErrorWords(known, 'zh-CN')).toBe('必填');
    expect(fieldErrorWords({ code: 'from_a_newer_server', message: 'something new' }, 'zh-CN')).toBe(
      'something new',
    );
    expect(fieldErrorWords({ message: 'no code at all' }, 'zh-CN')).toBe('no code at all');
  });
});
