import fs from 'node:fs';
import type pg from 'pg';
import { DEMO_DEAL_THEMES } from '../src/core/demo-data.ts';
import { rng } from '../src/core/random.ts';

/**
 * A realistic opportunities CSV for the import benchmarks: 200 reps (a third with Chinese names, some
 * referenced by e-mail), 20,000 accounts (Chinese and international), 12 products, the issue's status
 * words in English and Chinese, ISO and US dates, `¥1,234.00`-style amounts, quoted names with commas,
 * external ids. About 1 row in 200 is bad on purpose (unknown rep, impossible date, unreadable amount).
 */
export const BENCH_REPS = 200;
export const BENCH_ACCOUNTS = 20_000;
const ZH_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const ZH_GIVEN = ['芳', '伟', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '涛', '明'];
const EN_FIRST = ['Alice', 'Bob', 'Carol', 'David', 'Erin', 'Frank', 'Grace', 'Henry', 'Ivy', 'Jack'];
const EN_LAST = ['Chen', 'Miller', 'Wu', 'Schmidt', 'Tan', 'Nguyen', 'Smith', 'Lee', 'Kim', 'Garcia'];
const ZH_CITIES = ['上海', '北京', '深圳', '苏州', '杭州', '南京', '成都', '武汉', '西安', '青岛'];
const ZH_CORES = ['恒达', '华信', '中科', '瑞丰', '金桥', '新元', '博远', '天成', '宏图', '东方'];
const ZH_KINDS = ['智能制造有限公司', '电力设备股份有限公司', '物流集团', '医药有限公司', '电子科技有限公司'];
const EN_PREFIXES = ['Nordwind', 'Bluepeak', 'Silverline', 'Ironbridge', 'Greenfield', 'Northstar', 'Atlas'];
const EN_KINDS = ['Logistics', 'Manufacturing', 'Energy', 'Healthcare', 'Automotive', 'Foods'];
export const BENCH_PRODUCTS = [
  'GTX Pro',
  'GTX Lite',
  'GTX Cloud',
  'MES Suite',
  'QMS',
  'WMS',
  'SCADA Link',
  'IoT Gateway',
  'Analytics Pack',
  'Support Gold',
  'Support Basic',
  'Training',
];

export function repName(i: number): string {
  return i % 3 === 0
    ? `${ZH_SURNAMES[i % 10]}${ZH_GIVEN[Math.floor(i / 10) % 12]}${Math.floor(i / 120) || ''}`
    : `${EN_FIRST[i % 10]} ${EN_LAST[Math.floor(i / 10) % 10]}${i >= 100 ? ` ${Math.floor(i / 100) + 1}` : ''}`;
}
export const repEmail = (i: number) => `rep${i}@bench.example`;

export function accountName(i: number): string {
  if (i % 4 === 0) {
    const j = i / 4;
    return `${EN_PREFIXES[j % 7]} ${EN_KINDS[Math.floor(j / 7) % 6]}, ${['Inc.', 'GmbH', 'Ltd.', 'AG'][Math.floor(j / 42) % 4]} ${Math.floor(j / 168) || ''}`.trim();
  }
  return `${ZH_CITIES[i % 10]}${ZH_CORES[Math.floor(i / 10) % 10]}${ZH_KINDS[Math.floor(i / 100) % 5]}${Math.floor(i / 500) || ''}`;
}

/** Users, accounts and products the CSV refers to, inserted directly (the benchmark measures deals). */
export async function seedReferences(pool: pg.Pool, orgId: string, ownerId: string): Promise<void> {
  await pool.query(
    `INSERT INTO users (org_id, name, email, role)
     SELECT $1, n, e, 'rep' FROM unnest($2::text[], $3::text[]) AS x(n, e)`,
    [
      orgId,
      Array.from({ length: BENCH_REPS }, (_, i) => repName(i)),
      Array.from({ length: BENCH_REPS }, (_, i) => repEmail(i)),
    ],
  );
  await pool.query(
    `INSERT INTO accounts (org_id, name, owner_id) SELECT $1, n, $3 FROM unnest($2::text[]) AS n`,
    [orgId, Array.from({ length: BENCH_ACCOUNTS }, (_, i) => accountName(i)), ownerId],
  );
  await pool.query(
    `INSERT INTO products (org_id, name, list_price) SELECT $1, n, 1000 FROM unnest($2::text[]) AS n`,
    [orgId, BENCH_PRODUCTS],
  );
}

export const BENCH_MAPPING = {
  columns: {
    externalId: 'Deal ID',
    name: 'Deal',
    owner: 'Rep',
    account: 'Company',
    product: 'Product',
    stage: 'Stage',
    status: 'Status',
    amount: 'Value',
    createdAt: 'Opened',
    stageEnteredAt: 'Stage Entered',
    closedAt: 'Closed',
    closeReason: 'Reason',
  },
  values: {
    status: { Won: 'won', Lost: 'lost', Engaging: 'open', 赢单: 'won', 输单: 'lost', 跟进中: 'open' },
  },
};

const STAGES = [
  'Project initiation',
  '初步接触',
  'Solution design',
  '业绩展示',
  'Solution confirmation',
  '项目评估',
  'Commercial negotiation',
  'Signing',
];
const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** Writes `rows` deals to `file`; returns the number of rows meant to fail validation. */
/** `idPrefix`: of the external ids (`DL-1` …); another prefix makes a file of other deals. */
export function writeDealsCsv(file: string, rows: number, seed = 7, idPrefix = 'DL'): { bad: number } {
  const r = rng(seed);
  const out = fs.openSync(file, 'w');
  let buf = 'Deal ID,Deal,Rep,Company,Product,Stage,Status,Value,Opened,Stage Entered,Closed,Reason\n';
  let bad = 0;
  const day = 86_400_000;
  const start = Date.UTC(2019, 0, 1);
  for (let i = 1; i <= rows; i++) {
    const rep = r.int(0, BENCH_REPS - 1);
    const acc = r.int(0, BENCH_ACCOUNTS - 1);
    const theme = r.pick(DEMO_DEAL_THEMES);
    const zh = acc % 4 !== 0;
    const name = `${accountName(acc).slice(0, zh ? 4 : 12)} ${zh ? theme[1] : theme[0]} #${i}`;
    const created = start + Math.floor(r.next() * 5 * 365) * day;
    const x = r.next();
    const status = x < 0.3 ? 'won' : x < 0.65 ? 'lost' : 'open';
    const stagePos = status === 'won' ? 8 : r.int(1, 7);
    const entered = created + r.int(0, 60) * day;
    const closed = entered + r.int(1, 120) * day;
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    const us = (t: number) => {
      const d = new Date(t);
      return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
    };
    const date = (t: number) =>
      i % 3 === 0
        ? us(t)
        : i % 3 === 1
          ? iso(t)
          : (() => {
              const d = new Date(t);
              return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
            })();
    const amount = r.int(8, 300) * 10_000 + r.int(0, 99) / 100;
    const statusWord = zh
      ? { won: '赢单', lost: '输单', open: '跟进中' }[status]
      : { won: 'Won', lost: 'Lost', open: 'Engaging' }[status];
    let repCell = rep % 5 === 0 ? repEmail(rep) : repName(rep);
    let opened = date(created);
    let value = `"¥${amount.toLocaleString('en-US', { minimumFractionDigits: 2 })}"`;
    if (i % 200 === 0) {
      bad++;
      const k = (i / 200) % 3;
      if (k === 0) repCell = `Unknown Rep ${i}`;
      else if (k === 1) opened = '2021-02-30';
      else value = 'TBD';
    }
    buf += `${idPrefix}-${i},${quote(name)},${quote(repCell)},${quote(accountName(acc))},${BENCH_PRODUCTS[r.int(0, BENCH_PRODUCTS.length - 1)]},${STAGES[stagePos - 1]},${statusWord},${value},${opened},${stagePos > 1 ? date(entered) : ''},${status === 'open' ? '' : date(closed)},${status === 'lost' ? 'Price' : ''}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
  return { bad };
}
