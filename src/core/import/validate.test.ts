import { describe, expect, it } from 'vitest';
import { referenceKey } from './normalize.ts';
import { problemText } from './problems.ts';
import { suggestMapping } from './suggest.ts';
import { compileMapping, type RefResolver, validateRow } from './validate.ts';

const names: Record<string, Record<string, string[]>> = {
  user: { u1: ['Wang Fang', 'wang@example.com'], u2: ['Li Lei'], u3: ['Li Lei'] },
  account: { a1: ['GTX Pro'], a2: ['上海恒达'] },
  product: { p1: ['Winpath Suite'] },
  pipeline: { pl: ['Solution sale'] },
};
const resolver: RefResolver = {
  resolve(kind, raw) {
    const hits = Object.entries(names[kind] ?? {}).filter(([, ns]) =>
      ns.some((n) => referenceKey(n) === referenceKey(raw) || n === raw.toLowerCase()),
    );
    if (hits.length === 1) return { id: hits[0]![0] };
    return { error: hits.length ? 'ambiguous' : 'missing' };
  },
  defaultPipeline: () => 'pl',
  stagesOf: () => [
    { id: 's1', position: 1, names: ['Initiation', '项目立项'] },
    { id: 's2', position: 2, names: ['Initial contact', '初步接触'] },
    { id: 's8', position: 3, names: ['Signing', '签约成交'] },
  ],
};
const ctx = { resolver, defaultOwnerId: 'admin', currency: 'CNY', now: new Date('2030-01-01T00:00:00Z') };

const ISSUE_MAPPING = {
  columns: {
    name: 'Deal',
    owner: 'Rep',
    account: 'Company',
    product: 'Product',
    status: 'Stage',
    amount: 'Value',
    createdAt: 'Opened',
    closedAt: 'Closed',
  },
  values: { status: { Won: 'won', Lost: 'lost', Engaging: 'open' } },
  formats: { date: 'YYYY-MM-DD' as const },
};
const headers = ['Deal', 'Rep', 'Company', 'Product', 'Stage', 'Value', 'Opened', 'Closed'];

describe('row validation', () => {
  const compiled = compileMapping('opportunities', ISSUE_MAPPING, headers);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const m = compiled.compiled;

  it('turns the issue’s example mapping into typed deals with resolved references', () => {
    const r = validateRow(
      m,
      [
        'Big deal',
        'wang@example.com',
        'gtx-pro',
        'WinpathSuite',
        'Won',
        '¥1,234.00',
        '2017-03-01',
        '2017-06-30',
      ],
      ctx,
    );
    expect(r.errors).toEqual([]);
    expect(r.record).toEqual({
      name: 'Big deal',
      ownerId: 'u1',
      accountId: 'a1',
      productId: 'p1',
      status: 'won',
      amount: 1234,
      currency: 'CNY',
      createdAt: '2017-03-01T00:00:00.000Z',
      closedAt: '2017-06-30',
      pipelineId: 'pl',
      stageId: 's8',
      forecastCategory: 'closed',
    });
  });

  it('names every problem of a bad row: unmatched and ambiguous references, values, dates', () => {
    const r = validateRow(
      m,
      ['', 'Li Lei', 'Nobody Inc', 'Winpath Suite', 'Maybe', 'lots', '2017-13-01', ''],
      ctx,
    );
    expect(r.errors.map((e) => [e.field, e.column, e.value, problemText(e.problem)])).toEqual([
      ['name', 'Deal', '', 'required'],
      ['account', 'Company', 'Nobody Inc', 'no account matches "Nobody Inc"'],
      ['owner', 'Rep', 'Li Lei', 'several users match "Li Lei"; use a unique name'],
      ['amount', 'Value', 'lots', expect.stringContaining('an amount')],
      ['status', 'Stage', 'Maybe', expect.stringContaining('unknown value')],
      ['createdAt', 'Opened', '2017-13-01', expect.stringContaining('not a calendar date')],
    ]);
    // References say how they failed (the wizard lists them apart); other problems say nothing.
    expect(r.errors.map((e) => e.unmatched)).toEqual([
      undefined,
      'missing',
      'ambiguous',
      undefined,
      undefined,
      undefined,
    ]);
    // The same problems as data, worded in Chinese for the wizard and the report.
    expect(r.errors.map((e) => problemText(e.problem, 'zh-CN'))).toEqual([
      '必填',
      '没有与“Nobody Inc”匹配的客户',
      '有多个用户与“Li Lei”匹配；请使用唯一的名称',
      '应为金额，如 1234.56 或 ¥1,234.00',
      '无法识别的值；请在值映射中把它对应到以下之一：进行中（open）、赢单（won）、输单（lost）、客户未决策（no_decision）',
      '2017-13-01 不是有效的日期',
    ]);
  });

  it('finds a stage by either name or position, and lists the stages in both languages when it cannot', () => {
    const byStage = compileMapping(
      'opportunities',
      { columns: { name: 'Deal', account: 'Company', stage: 'Stage' } },
      headers,
    );
    if (!byStage.ok) throw new Error('mapping');
    const row = (stage: string) =>
      validateRow(byStage.compiled, ['A', '', 'GTX Pro', '', stage, '', '', ''], ctx);
    expect(row('初步接触').record.stageId).toBe('s2');
    expect(row('2').record.stageId).toBe('s2');
    const miss = row('第99阶段');
    expect(miss.errors.map((e) => [e.field, problemText(e.problem, 'zh-CN')])).toEqual([
      ['stage', '流程中没有阶段“第99阶段”（阶段：项目立项, 初步接触, 签约成交）'],
    ]);
    expect(problemText(miss.errors[0]!.problem)).toBe(
      'no stage "第99阶段" in the pipeline (stages: Initiation, Initial contact, Signing)',
    );
  });

  it('puts no open deal into a retired stage, named or by default; a closed one there is history', () => {
    const retiredFirst = {
      ...ctx,
      resolver: {
        ...resolver,
        stagesOf: () => [
          { id: 's1', position: 1, names: ['Initiation', '项目立项'], retired: true },
          { id: 's2', position: 2, names: ['Initial contact', '初步接触'] },
          { id: 's8', position: 3, names: ['Signing', '签约成交'] },
        ],
      },
    };
    const byStage = compileMapping(
      'opportunities',
      { columns: { name: 'Deal', account: 'Company', stage: 'Stage', status: 'Status', closedAt: 'Closed' } },
      ['Deal', 'Company', 'Stage', 'Status', 'Closed'],
    );
    if (!byStage.ok) throw new Error('mapping');
    const row = (cells: string[]) => validateRow(byStage.compiled, cells, retiredFirst);
    const open = row(['A', 'GTX Pro', 'Initiation', 'open', '']);
    expect(
      open.errors.map((e) => [e.field, problemText(e.problem), problemText(e.problem, 'zh-CN')]),
    ).toEqual([
      [
        'stage',
        'the stage "Initiation" is retired: it takes no open deals (import the deal into an active stage)',
        '阶段“项目立项”已停用，不能放入进行中的商机（请导入到启用的阶段）',
      ],
    ]);
    const lost = row(['A', 'GTX Pro', '项目立项', 'lost', '2020-01-02']);
    expect(lost.errors).toEqual([]);
    expect(lost.record.stageId).toBe('s1');
    const noStage = row(['A', 'GTX Pro', '', 'open', '']);
    expect(noStage.errors).toEqual([]);
    expect(noStage.record.stageId).toBe('s2');
  });

  it('lets an existing deal name the retired stage it is in, and no other deal', () => {
    const stages = [
      { id: 's1', position: 1, names: ['Initiation'], retired: true },
      { id: 's2', position: 2, names: ['Initial contact'] },
    ];
    const kept = {
      ...ctx,
      resolver: {
        ...resolver,
        stagesOf: () => stages,
        keepsRetiredStage: (externalId: string, stageId: string) => externalId === 'D-1' && stageId === 's1',
      },
    };
    const byId = compileMapping(
      'opportunities',
      { columns: { externalId: 'Id', name: 'Deal', account: 'Company', stage: 'Stage' } },
      ['Id', 'Deal', 'Company', 'Stage'],
    );
    if (!byId.ok) throw new Error('mapping');
    const row = (cells: string[]) => validateRow(byId.compiled, cells, kept);
    const stays = row(['D-1', 'A', 'GTX Pro', 'Initiation']);
    expect(stays.errors).toEqual([]);
    expect(stays.record.stageId).toBe('s1');
    expect(row(['D-2', 'B', 'GTX Pro', 'Initiation']).errors.map((e) => e.problem.code)).toEqual([
      'stageRetired',
    ]);
    expect(row(['', 'C', 'GTX Pro', 'Initiation']).errors.map((e) => e.problem.code)).toEqual([
      'stageRetired',
    ]);
  });

  it('recognises status words without a value map, and takes an open deal’s close date as expected', () => {
    const plain = compileMapping(
      'opportunities',
      { columns: { name: 'Deal', account: 'Company', status: 'Stage', closedAt: 'Closed' } },
      headers,
    );
    if (!plain.ok) throw new Error('mapping');
    const won = validateRow(plain.compiled, ['A', '', '上海恒达', '', '赢单', '', '', '2017-05-01'], ctx);
    expect(won.record).toMatchObject({
      status: 'won',
      closedAt: '2017-05-01',
      ownerId: 'admin',
      stageId: 's8',
    });
    // No created-date column: a deal closed in 2017 starts on its close date instead of being refused as
    // closed before it was created (the import day); an open one starts at the import.
    expect(won.errors).toEqual([]);
    expect(won.record.createdAt).toBe('2017-05-01T00:00:00.000Z');
    const open = validateRow(plain.compiled, ['A', '', '上海恒达', '', '跟进中', '', '', '2031-05-01'], ctx);
    expect(open.record).toMatchObject({
      status: 'open',
      closedAt: null,
      expectedCloseDate: '2031-05-01',
      stageId: 's1',
      createdAt: ctx.now.toISOString(),
    });
    const lost = validateRow(plain.compiled, ['A', '', '上海恒达', '', 'Lost', '', '', ''], ctx);
    expect(lost.errors.map((e) => problemText(e.problem))).toEqual(['a lost deal needs its close date']);
  });

  it('keeps on-hold deals open, and refuses closed deals dated after the import day, naming the column', () => {
    const m = compileMapping(
      'opportunities',
      {
        columns: { name: 'Deal', account: 'Company', status: 'Stage', expectedCloseDate: 'Closed' },
      },
      headers,
    );
    if (!m.ok) throw new Error('mapping');
    // 搁置 (on hold) is a paused deal: still open, its date the expected close date.
    for (const word of ['搁置', '暂停', 'On hold']) {
      const held = validateRow(m.compiled, ['A', '', '上海恒达', '', word, '', '', '2031-01-01'], ctx);
      expect(held.errors, word).toEqual([]);
      expect(held.record, word).toMatchObject({
        status: 'open',
        closedAt: null,
        expectedCloseDate: '2031-01-01',
      });
    }
    // No close date: a closed deal would take its expected close date, here after the import (2030-01-01).
    const nd = validateRow(m.compiled, ['A', '', '上海恒达', '', '无决策', '', '', '2031-01-01'], ctx);
    expect(nd.errors.map((e) => [e.field, e.column, e.value])).toEqual([
      ['expectedCloseDate', 'Closed', '2031-01-01'],
    ]);
    expect(problemText(nd.errors[0]!.problem)).toBe(
      'a no_decision deal needs the day it closed: the row has no close date, and its expected close date 2031-01-01 is after the import day',
    );
    expect(problemText(nd.errors[0]!.problem, 'zh-CN')).toBe(
      '客户未决策的商机需要实际结案日期：此行没有结案日期，而预计成交日期 2031-01-01 晚于导入当天',
    );
    const closed = compileMapping(
      'opportunities',
      { columns: { name: 'Deal', account: 'Company', status: 'Stage', closedAt: 'Closed' } },
      headers,
    );
    if (!closed.ok) throw new Error('mapping');
    const won = validateRow(closed.compiled, ['A', '', '上海恒达', '', '赢单', '', '', '2030-01-02'], ctx);
    expect(won.errors.map((e) => [e.field, e.column, problemText(e.problem, 'zh-CN')])).toEqual([
      ['closedAt', 'Closed', '赢单的商机结案日期不能晚于导入当天（2030-01-02）'],
    ]);
    // The import day is the latest calendar day anywhere: "today" in UTC+8 at 00:00 UTC still goes in.
    const today = validateRow(closed.compiled, ['A', '', '上海恒达', '', '赢单', '', '', '2030-01-01'], ctx);
    expect(today.errors).toEqual([]);
  });

  it('refuses mappings naming unknown fields, missing columns or impossible values', () => {
    const bad = compileMapping(
      'opportunities',
      { columns: { name: 'Deal', amount: 'Amount', colour: 'Deal' }, values: { status: { Won: 'victory' } } },
      headers,
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.path)).toEqual([
      'columns.colour',
      'columns.account',
      'columns.amount',
      'values.status.Won',
    ]);
  });

  it('reports cells beyond the header', () => {
    const r = validateRow(m, ['A', '', 'GTX Pro', '', 'Engaging', '1', '2017-01-01', '', 'extra'], ctx);
    expect(r.errors.map((e) => problemText(e.problem))).toEqual(['the row has 9 cells, the header 8']);
  });
});

describe('suggested mapping', () => {
  it('maps English and Chinese headers to fields and guesses formats', () => {
    const s = suggestMapping(
      'opportunities',
      ['商机名称', '客户', '金额', '负责人', '状态', '创建日期', 'Closed Date', '备注'],
      [
        ['A', 'B', '¥1,000', '王芳', '赢单', '3/1/2017', '31/12/2017', 'x'],
        ['C', 'D', '2', '李雷', '搁浅', '3/2/2017', '', ''],
      ],
    );
    expect(s.mapping.columns).toEqual({
      name: '商机名称',
      account: '客户',
      amount: '金额',
      owner: '负责人',
      status: '状态',
      createdAt: '创建日期',
      closedAt: 'Closed Date',
    });
    expect(s.mapping.formats).toEqual({ date: 'DD/MM/YYYY' });
    expect(s.unknownValues).toEqual({ status: ['搁浅'] });
    expect(s.unmappedHeaders).toEqual(['备注']);
  });
});
