import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorWords } from '../../src/core/field-errors.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * Every field error the API answers carries a stable code and the parameters its wording names, so the
 * web can say it in the user's language: the request's shape (zod), the database's refusals and the
 * services' own rules alike.
 */
let ctx: TestContext;
let org: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Field Errors Org');
});
afterAll(() => ctx.close());

type Err = { path: string; code: string; params?: Record<string, string | number>; message: string };
const admin = () => api(ctx, org.users.admin.token);
const errorsOf = (res: { body: Record<string, unknown> }) => res.body.errors as Err[];
/** A first-quarter quota for the rep, with `change` applied. */
const quota = (change: Record<string, unknown>) =>
  admin().post('/api/v1/quotas', {
    userId: org.users.rep.id,
    periodStart: '2026-01-01',
    periodEnd: '2026-03-31',
    amount: 100,
    ...change,
  });

describe('field errors', () => {
  it('name what is wrong with the shape of a request by code, with the bounds it broke', async () => {
    const missing = await admin().post('/api/v1/accounts', { industry: 'Banking' });
    expect(missing.status).toBe(400);
    expect(errorsOf(missing)).toEqual([{ path: 'name', code: 'required', message: 'required' }]);

    const blank = await admin().post('/api/v1/accounts', { name: '   ' });
    expect(errorsOf(blank)).toEqual([{ path: 'name', code: 'required', message: 'required' }]);

    const long = await admin().post('/api/v1/accounts', { name: 'x'.repeat(201) });
    expect(errorsOf(long)).toEqual([
      { path: 'name', code: 'too_long', params: { maximum: 200 }, message: 'at most 200 characters' },
    ]);
    expect(fieldErrorWords(errorsOf(long)[0]!, 'zh-CN')).toBe('最多 200 个字符');

    const typed = await admin().post('/api/v1/accounts', { name: 42 });
    expect(errorsOf(typed)).toEqual([
      { path: 'name', code: 'expected', params: { expected: 'string' }, message: 'expected text' },
    ]);
    expect(fieldErrorWords(errorsOf(typed)[0]!, 'zh-CN')).toBe('应为文本');

    const shapes = await admin().post('/api/v1/contacts', {
      name: '王伟',
      email: 'not-an-email',
      accountId: 'nope',
      ownerId: org.users.rep.id,
      org_id: 'x',
    });
    expect(shapes.status).toBe(400);
    expect(Object.fromEntries(errorsOf(shapes).map((e) => [e.path, fieldErrorWords(e, 'zh-CN')]))).toEqual({
      email: '应为邮箱地址',
      accountId: '不是有效的记录 ID',
      org_id: '无法识别的属性',
    });

    const tier = await admin().post('/api/v1/accounts', { name: 'Tiered', tier: 'platinum' });
    const [oneOf] = errorsOf(tier);
    expect(oneOf).toMatchObject({ path: 'tier', code: 'one_of' });
    expect(oneOf!.params!.values).toContain('strategic');
    expect(fieldErrorWords(oneOf!, 'zh-CN')).toBe(`应为以下之一：${oneOf!.params!.values}`);

    const negative = await quota({ amount: -5 });
    expect(errorsOf(negative)).toEqual([
      { path: 'amount', code: 'too_small', params: { minimum: 0 }, message: 'at least 0' },
    ]);

    const month = await admin().get('/api/v1/analytics/win-rates?groupBy=owner&from=2026-13');
    expect(month.status).toBe(400);
    expect(errorsOf(month)).toEqual([
      { path: 'querystring.from', code: 'month', message: 'a month such as 2026-11' },
    ]);
    const order = await admin().get('/api/v1/analytics/win-rates?groupBy=owner&from=2026-11&to=2026-10');
    expect(order.status).toBe(422);
    expect(fieldErrorWords(errorsOf(order)[0]!, 'zh-CN')).toBe('不能晚于结束月份');
    expect(errorsOf(order)[0]!.message).toBe('must not be after `to`');
  });

  it('name the rules of the records and the refusals of the database by code', async () => {
    const account = await admin().post('/api/v1/accounts', { name: 'Field Errors Parent' });
    expect(account.status).toBe(201);
    const id = account.body.id as string;

    const empty = await admin().patch(
      `/api/v1/accounts/${id}`,
      {},
      { 'if-match': account.headers.etag as string },
    );
    expect(empty.status).toBe(400);
    expect(errorsOf(empty)).toEqual([
      { path: 'body', code: 'nothing_to_change', message: 'send at least one field to change' },
    ]);

    const loop = await admin().patch(
      `/api/v1/accounts/${id}`,
      { parentId: id },
      { 'if-match': account.headers.etag as string },
    );
    expect(loop.status).toBe(422);
    expect(errorsOf(loop)).toEqual([
      {
        path: 'parentId',
        code: 'own_ancestor',
        params: { kind: 'account' },
        message: 'would make the account its own ancestor',
      },
    ]);
    expect(fieldErrorWords(errorsOf(loop)[0]!, 'zh-CN')).toBe('会使该客户成为自己的上级');

    const backwards = await quota({ periodStart: '2026-04-01' });
    expect(backwards.status).toBe(422);
    expect(errorsOf(backwards)).toEqual([
      {
        path: 'periodEnd',
        code: 'not_before',
        params: { other: 'periodStart' },
        message: 'must not be before periodStart',
      },
    ]);

    const unknownParent = await admin().post('/api/v1/accounts', {
      name: 'Orphan',
      parentId: '00000000-0000-7000-8000-000000000000',
    });
    expect(unknownParent.status).toBe(422);
    expect(errorsOf(unknownParent)).toEqual([
      { path: 'parentId', code: 'unknown_reference', message: 'unknown or still referenced record' },
    ]);
  });

  it('report a unique key over several fields on one field: a contact holding a role twice on a deal', async () => {
    const account = await admin().post('/api/v1/accounts', { name: 'Buying Team Co' });
    const contact = await admin().post('/api/v1/contacts', { name: '张伟', accountId: account.body.id });
    const deal = await admin().post('/api/v1/opportunities', {
      name: 'Team deal',
      accountId: account.body.id,
    });
    const stakeholder = (role: string) =>
      admin().post('/api/v1/stakeholders', { opportunityId: deal.body.id, contactId: contact.body.id, role });
    expect((await stakeholder('decision_maker')).status).toBe(201);

    const again = await stakeholder('decision_maker');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'duplicate',
      detail: 'A record with the same opportunityId, contactId and role already exists.',
    });
    expect(errorsOf(again)).toEqual([{ path: 'contactId', code: 'in_use', message: 'already in use' }]);

    // The same key reached by a change of role.
    const coach = await stakeholder('coach');
    expect(coach.status).toBe(201);
    const promoted = await admin().patch(
      `/api/v1/stakeholders/${coach.body.id}`,
      { role: 'decision_maker' },
      { 'if-match': coach.headers.etag as string },
    );
    expect(promoted.status).toBe(409);
    expect(errorsOf(promoted)).toEqual([{ path: 'contactId', code: 'in_use', message: 'already in use' }]);
  });
});
