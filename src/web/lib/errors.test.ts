import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { zhCN } from '../i18n/zh-CN.ts';
import { ProblemError } from './api.ts';
import { errorMessage, fieldErrorsFor } from './errors.ts';
import { checkText, rules } from './validate.ts';

beforeAll(async () => {
  await i18n.init({
    lng: 'zh-CN',
    fallbackLng: 'en',
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  });
});

const refusal = (code: string, detail: string, status = 422) => new ProblemError({ status, code, detail });

describe('errorMessage', () => {
  it('words a known refusal in the user’s language', () => {
    const t = i18n.getFixedT('zh-CN');
    expect(errorMessage(refusal('empty_file', 'The file is empty.'), t)).toBe('文件是空的。');
    expect(errorMessage(refusal('import_running', 'Another process…', 409), t)).toBe(
      '该导入正在另一个进程中运行，请等待其完成。',
    );
    expect(errorMessage(refusal('body_too_large', 'Files up to 50 MB…', 413), t)).toBe(
      '内容过大，无法提交：文件最多 50 MB（更大的文件请用命令行工具导入），其他请求最多 1 MB。',
    );
    expect(errorMessage(refusal('empty_file', 'The file is empty.'), i18n.getFixedT('en'))).toBe(
      'The file is empty.',
    );
  });

  it('keeps the server’s detail for a refusal it has no words for, and names fields by their labels', () => {
    const t = i18n.getFixedT('zh-CN');
    expect(errorMessage(refusal('something_new', 'Something specific happened.'), t)).toBe(
      'Something specific happened.',
    );
    const invalid = new ProblemError({
      status: 422,
      code: 'validation_failed',
      detail: 'Invalid body',
      errors: [{ path: 'amount', message: 'must not be negative' }],
    });
    expect(errorMessage(invalid, t)).toBe('金额：must not be negative');
    const nested = new ProblemError({
      status: 422,
      code: 'validation_failed',
      detail: 'Invalid body',
      errors: [
        { path: 'lineItems.0.amount', code: 'too_small', params: { minimum: 0 }, message: 'at least 0' },
        { path: 'fromANewerServer', code: 'too_small', params: { minimum: 1 }, message: 'at least 1' },
      ],
    });
    // A nested path by its last part's label; a field without a label is not named by its raw key.
    expect(errorMessage(nested, i18n.getFixedT('en'))).toBe('Amount: at least 0; At least 1');
  });

  it('words field errors by their code in the interface’s language, the message where the code is unknown', async () => {
    const t = i18n.getFixedT('zh-CN');
    const invalid = new ProblemError({
      status: 400,
      code: 'validation_failed',
      detail: 'Invalid body: name, amount, website.',
      errors: [
        { path: 'name', code: 'too_long', params: { maximum: 200 }, message: 'at most 200 characters' },
        { path: 'amount', code: 'too_small', params: { minimum: 0 }, message: 'at least 0' },
        { path: 'website', code: 'from_a_newer_server', message: 'something new' },
      ],
    });
    expect(errorMessage(invalid, t)).toBe('名称：最多 200 个字符; 金额：不能小于 0; 网站：something new');
    expect(fieldErrorsFor(invalid, ['name', 'amount'])).toEqual({
      name: '最多 200 个字符',
      amount: '不能小于 0',
      _form: 'Something new',
    });
    await i18n.changeLanguage('en');
    // Under a field, a sentence of its own.
    expect(fieldErrorsFor(invalid, ['name'])).toEqual({
      name: 'At most 200 characters',
      _form: 'At least 0',
    });
    await i18n.changeLanguage('zh-CN');
  });

  it('never names a key over several fields by its raw keys joined', () => {
    const taken = (path: string) =>
      new ProblemError({
        status: 409,
        code: 'duplicate',
        detail: 'A record with the same … already exists.',
        errors: [{ path, code: 'in_use', message: 'already in use' }],
      });
    const zh = i18n.getFixedT('zh-CN');
    const en = i18n.getFixedT('en');
    // A field without a label of its own (contactId): just what is wrong.
    expect(errorMessage(taken('opportunityId,contactId,role'), zh)).toBe('已被占用');
    expect(errorMessage(taken('opportunityId,contactId,role'), en)).toBe('Already in use');
    // Fields the app has labels for are named by them.
    expect(errorMessage(taken('pipelineId,stageId'), zh)).toBe('销售流程、阶段：已被占用');
    expect(errorMessage(taken('pipelineId,stageId'), en)).toBe('Pipeline, Stage: already in use');
    expect(errorMessage(taken('opportunityId,contactId,role'), zh)).not.toMatch(/Id|,/);
  });

  it('words the browser’s own checks from the same catalogue as the server’s errors', async () => {
    expect(checkText('x'.repeat(61), rules.required, rules.maxLength(60))).toBe('最多 60 个字符');
    expect(checkText('  ', rules.required, rules.maxLength(60))).toBe('必填');
    expect(checkText('ok', rules.required, rules.maxLength(60))).toBeNull();
    await i18n.changeLanguage('en');
    expect(checkText('x'.repeat(61), rules.maxLength(60))).toBe('At most 60 characters');
    expect(checkText('-5', rules.money)).toBe('An amount of 0 or more, with at most two decimals');
    await i18n.changeLanguage('zh-CN');
  });
});
