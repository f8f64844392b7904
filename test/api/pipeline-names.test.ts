import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbResolver } from '../../src/server/features/imports/resolver.ts';
import { csvObjects } from '../csv.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/** A pipeline's Chinese name beside its name: written through the API, shown by language in exports. */
let ctx: TestContext;
let org: SeededOrg;
const admin = () => api(ctx, org.users.admin.token);

const stages = [{ nameEn: 'Qualify', nameZh: '资格确认', probability: 20 }];

async function csv(url: string) {
  const res = await ctx.app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${org.users.admin.token}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return csvObjects(res.body).rows;
}

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Pipeline Names Co');
}, 120_000);
afterAll(() => ctx.close());

describe('pipeline names', () => {
  it('a new organization has its default pipeline named in both languages', async () => {
    const res = await admin().get('/api/v1/pipelines?isDefault=true');
    expect(res.status).toBe(200);
    expect(res.body.items).toMatchObject([{ name: 'Solution sale (8 steps)', nameZh: '方案销售（八步法）' }]);
  });

  it('creates and changes a pipeline with a Chinese name, stored as null when blank', async () => {
    const created = await admin().post('/api/v1/pipelines', {
      name: 'Channel sale',
      nameZh: '渠道销售',
      stages,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: 'Channel sale', nameZh: '渠道销售' });
    const id = created.body.id as string;

    const renamed = await admin().patch(
      `/api/v1/pipelines/${id}`,
      { nameZh: '  分销渠道  ' },
      { 'if-match': `"${created.body.version}"` },
    );
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.nameZh).toBe('分销渠道');

    const blanked = await admin().patch(
      `/api/v1/pipelines/${id}`,
      { nameZh: '   ' },
      { 'if-match': `"${renamed.body.version}"` },
    );
    expect(blanked.status).toBe(200);
    expect(blanked.body.nameZh).toBeNull();

    const without = await admin().post('/api/v1/pipelines', { name: 'Renewals', stages });
    expect(without.status).toBe(201);
    expect(without.body.nameZh).toBeNull();
  });

  it('only admins name pipelines', async () => {
    const res = await api(ctx, org.users.rep.token).post('/api/v1/pipelines', {
      name: 'Mine',
      nameZh: '我的',
      stages,
    });
    expect(res.status).toBe(403);
  });

  it('a template copy takes both template names, or only the names it is given', async () => {
    const copy = await admin().post('/api/v1/pipelines/from-template', { template: 'transactional' });
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    expect(copy.body.name).toBeTruthy();
    expect(copy.body.nameZh).toBeTruthy();
    expect(copy.body.nameZh).not.toBe(copy.body.name);

    const named = await admin().post('/api/v1/pipelines/from-template', {
      template: 'transactional',
      name: 'Web shop',
    });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ name: 'Web shop', nameZh: null });

    const both = await admin().post('/api/v1/pipelines/from-template', {
      template: 'transactional',
      name: 'Web shop 2',
      nameZh: '网店',
    });
    expect(both.status).toBe(201);
    expect(both.body).toMatchObject({ name: 'Web shop 2', nameZh: '网店' });
  });

  it('exports a deal with its pipeline named in the file language', async () => {
    const account = await admin().post('/api/v1/accounts', { name: '星河科技' });
    expect(account.status).toBe(201);
    const deal = await admin().post('/api/v1/opportunities', {
      name: 'Pipeline name deal',
      accountId: account.body.id,
    });
    expect(deal.status, JSON.stringify(deal.body)).toBe(201);

    const en = (await csv('/api/v1/opportunities/export.csv?lang=en')).find((r) => r.ID === deal.body.id);
    expect(en?.Pipeline).toBe('Solution sale (8 steps)');
    const zh = (await csv('/api/v1/opportunities/export.csv?lang=zh-CN')).find((r) => r.ID === deal.body.id);
    expect(zh?.销售流程).toBe('方案销售（八步法）');
  });

  it('a zh-CN file falls back to the name of a pipeline without a Chinese name; the list has both', async () => {
    const rows = await csv('/api/v1/pipelines/export.csv?lang=zh-CN');
    const renewals = rows.find((r) => r.名称 === 'Renewals');
    expect(renewals?.['名称（中文）']).toBe('');
    const solution = rows.find((r) => r.名称 === 'Solution sale (8 steps)');
    expect(solution?.['名称（中文）']).toBe('方案销售（八步法）');
  });

  it('an import resolves a pipeline by its Chinese name as well as by its name', async () => {
    const client = await ctx.db.pool.connect();
    try {
      const resolver = await DbResolver.load(client, org.orgId, new Set(['pipeline']), {
        createMissing: false,
      });
      const byEn = resolver.resolve('pipeline', 'Solution sale (8 steps)');
      const byZh = resolver.resolve('pipeline', '方案销售（八步法）');
      expect('id' in byEn).toBe(true);
      expect(byZh).toEqual(byEn);
    } finally {
      client.release();
    }
  });
});
