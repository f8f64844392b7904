import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, languageOf } from '../wording.ts';
import { PROBLEM_CODES, problem, problemText } from './problems.ts';
import { parseAmount, parseDate } from './values.ts';

/**
 * The `{name}`s a wording names; `{kinds}` is the plural of `{kind}`, and in Chinese `{stagesZh}` and
 * `{stageZh}` stand for `{stages}` and `{stage}` (their Chinese names), so each pair is one parameter.
 */
const SAME: Record<string, string> = { kinds: 'kind', stagesZh: 'stages', stageZh: 'stage' };
const names = (text: string, lang: string) =>
  new Set(
    [...text.matchAll(/\{(\w+)\}/g)].map((m) =>
      m[1] === 'kinds' || (lang === 'zh-CN' && (m[1] === 'stagesZh' || m[1] === 'stageZh'))
        ? SAME[m[1]]!
        : m[1]!,
    ),
  );

describe('import problems', () => {
  it('words every code in every language, each naming the same parameters', () => {
    for (const code of PROBLEM_CODES) {
      const [en, zh] = LANGUAGES.map((lang) => problemText({ code }, lang));
      expect(en, code).toMatch(/\S/);
      expect(zh, code).toMatch(/[\u4e00-\u9fff]|^\{\w+\}$/);
      expect([...names(zh!, 'zh-CN')].sort(), code).toEqual([...names(en!, 'en')].sort());
    }
  });

  it('lists a pipeline’s stages in the reader’s language, also for problems stored before Chinese names', () => {
    const p = problem('unknownStage', {
      value: '第99阶段',
      stages: 'Initiation, Signing',
      stagesZh: '项目立项, 签约成交',
    });
    expect(problemText(p, 'zh-CN')).toBe('流程中没有阶段“第99阶段”（阶段：项目立项, 签约成交）');
    expect(problemText(p, 'en')).toBe('no stage "第99阶段" in the pipeline (stages: Initiation, Signing)');
    const stored = problem('unknownStage', { value: 'X', stages: 'Initiation, Signing' });
    expect(problemText(stored, 'zh-CN')).toBe('流程中没有阶段“X”（阶段：Initiation, Signing）');
  });

  it('fills the parameters in, with the words for reference kinds and statuses', () => {
    expect(problemText(problem('refMissing', { kind: 'account', value: '华为' }))).toBe(
      'no account matches "华为"',
    );
    expect(problemText(problem('refMissing', { kind: 'account', value: '华为' }), 'zh-CN')).toBe(
      '没有与“华为”匹配的客户',
    );
    expect(problemText(problem('refAmbiguous', { kind: 'opportunity', value: 'X' }))).toBe(
      'several deals match "X"; use a unique name',
    );
    expect(problemText(problem('closedNeedsDate', { status: 'won' }), 'zh-CN')).toBe(
      '赢单的商机需要结案日期',
    );
    expect(problemText(problem('sameExternalId', { row: 7 }), 'zh-CN')).toBe('与第 7 行的外部编号相同');
  });

  it('names the values a map may point to by their Chinese labels, telling a deal’s status from an activity’s', () => {
    const activity = problem('unknownValue', { allowed: 'planned, done, cancelled' });
    expect(problemText(activity, 'zh-CN')).toBe(
      '无法识别的值；请在值映射中把它对应到以下之一：已计划（planned）、已完成（done）、已取消（cancelled）',
    );
    expect(problemText(activity, 'en')).toBe(
      'unknown value; map it in "values" to one of planned, done, cancelled',
    );
    expect(problemText(problem('unknownValue', { allowed: 'en, zh-CN' }), 'zh-CN')).toMatch(
      /：英文（en）、简体中文（zh-CN）$/,
    );
    // Codes of no known set stay as they are.
    expect(problemText(problem('unknownValue', { allowed: 'small, large' }), 'zh-CN')).toMatch(
      /：small、large$/,
    );
  });

  it('puts any text in as written, never reading it as a placeholder', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const text = problemText(problem('refMissing', { kind: 'product', value }), 'zh-CN');
        expect(text).toBe(`没有与“${value}”匹配的产品`);
      }),
    );
  });

  it('reads any Chinese language tag as zh-CN and anything else as English', () => {
    expect(languageOf('zh-CN')).toBe('zh-CN');
    expect(languageOf('zh')).toBe('zh-CN');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
  });

  it('is what the value parsers report', () => {
    const d = parseDate('2017-02-30');
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.problem).toEqual({ code: 'notCalendarDate', params: { date: '2017-02-30' } });
    // The date as the cell writes it, not as it was read.
    const cn = parseDate(' 2017年13月45日 ');
    expect(cn.ok || problemText(cn.problem, 'zh-CN')).toBe('2017年13月45日 不是有效的日期');
    expect(problemText(d.problem)).toBe('2017-02-30 is not a calendar date');
    expect(problemText(d.problem, 'zh-CN')).toBe('2017-02-30 不是有效的日期');
    const a = parseAmount('1,2,3.4.5');
    expect(a.ok || problemText(a.problem, 'zh-CN')).toMatch(/金额/);
  });
});
