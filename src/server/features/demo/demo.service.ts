import { asc, eq, sql } from 'drizzle-orm';
import { addMonths, parsePeriod, quarterOf } from '../../../core/analytics/periods.ts';
import {
  DEMO_COMPANIES,
  DEMO_DEAL_THEMES,
  DEMO_LOSS_REASONS,
  DEMO_OUTCOMES,
  DEMO_PEOPLE_EN,
  DEMO_PEOPLE_ZH,
  DEMO_PRODUCTS,
  DEMO_TITLES,
} from '../../../core/demo-data.ts';
import { rng } from '../../../core/random.ts';
import { hashPassword } from '../../auth/secrets.ts';
import type { Db } from '../../db/client.ts';
import {
  accounts,
  activities,
  activityParticipants,
  contacts,
  criterionCompletions,
  milestoneCriteria,
  notes,
  opportunities,
  opportunityHistory,
  opportunityLineItems,
  opportunityMembers,
  organizations,
  pipelineStages,
  products,
  quotas,
  stagePeriods,
  stakeholders,
  teams,
  users,
} from '../../db/schema/index.ts';
import { takeForecastSnapshot } from '../forecast/forecast.service.ts';
import { createOrganization } from '../orgs/orgs.service.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_EMAIL = 'admin@demo.winpath.dev';
export const DEMO_PASSWORD = 'winpath-demo';
/** Everyone in the demo organization signs in with this password (manager@…, rep1@… and so on). */
const DAY = 86_400_000;

type Scale = { accounts: number; deals: number; activitiesPerDeal: number };
const SMALL: Scale = { accounts: 48, deals: 160, activitiesPerDeal: 3 };

/**
 * Fills an organization with a realistic sales team and two years of deals: a national sales team with
 * two regions, reps with won/lost/open deals across the 8 stages, contacts, products on deals, visits,
 * calls and notes. Deterministic for a given seed.
 */
export async function generateDemo(opts: { db: Db; orgId: string; now: Date; seed?: number; scale?: Scale }) {
  const { db, orgId, now } = opts;
  const r = rng(opts.seed ?? 20261122);
  const scale = opts.scale ?? SMALL;
  const pw = await hashPassword(DEMO_PASSWORD);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const isoDay = (d: Date) => d.toISOString().slice(0, 10);

  return db.transaction(async (tx) => {
    const [admin] = await tx.select({ id: users.id }).from(users).where(eq(users.orgId, orgId)).limit(1);
    const [national] = await tx
      .insert(teams)
      .values({ orgId, name: '全国销售部 National Sales' })
      .returning({ id: teams.id });
    const regionNames = ['华东区 East', '华北区 North'];
    const regions = await tx
      .insert(teams)
      .values(regionNames.map((name) => ({ orgId, name, parentId: national!.id })))
      .returning({ id: teams.id });
    const mk = (
      name: string,
      email: string,
      role: 'manager' | 'rep' | 'presales' | 'viewer' | 'enablement',
      teamId?: string,
      locale: 'en' | 'zh-CN' = 'zh-CN',
    ) => ({
      orgId,
      name,
      email,
      role,
      teamId,
      passwordHash: pw,
      locale,
    });
    const people = await tx
      .insert(users)
      .values([
        mk('王建国 (VP Sales)', 'vp@demo.winpath.dev', 'manager', national!.id),
        mk('李明 (East manager)', 'manager@demo.winpath.dev', 'manager', regions[0]!.id),
        mk('赵磊 (North manager)', 'manager2@demo.winpath.dev', 'manager', regions[1]!.id),
        mk('陈晓', 'rep1@demo.winpath.dev', 'rep', regions[0]!.id),
        mk('刘婷', 'rep2@demo.winpath.dev', 'rep', regions[0]!.id),
        mk('Tom Walker', 'rep3@demo.winpath.dev', 'rep', regions[0]!.id, 'en'),
        mk('孙浩', 'rep4@demo.winpath.dev', 'rep', regions[1]!.id),
        mk('周琳', 'rep5@demo.winpath.dev', 'rep', regions[1]!.id),
        mk('吴凡', 'presales@demo.winpath.dev', 'presales', national!.id),
        mk('Grace Liu', 'exec@demo.winpath.dev', 'viewer', undefined, 'en'),
        mk('郑培训', 'enablement@demo.winpath.dev', 'enablement', undefined),
      ])
      .returning({ id: users.id, role: users.role, teamId: users.teamId });
    await tx.update(teams).set({ managerId: people[0]!.id }).where(eq(teams.id, national!.id));
    await tx.update(teams).set({ managerId: people[1]!.id }).where(eq(teams.id, regions[0]!.id));
    await tx.update(teams).set({ managerId: people[2]!.id }).where(eq(teams.id, regions[1]!.id));
    const reps = people.filter((p) => p.role === 'rep');
    const presales = people.find((p) => p.role === 'presales')!;

    const productRows = await tx
      .insert(products)
      .values(
        DEMO_PRODUCTS.map(([name, family, price]) => ({
          orgId,
          name,
          family,
          listPrice: price,
          currency: 'CNY',
        })),
      )
      .returning({ id: products.id, listPrice: products.listPrice });

    const accountRows = await tx
      .insert(accounts)
      .values(
        Array.from({ length: scale.accounts }, (_, i) => {
          const [name, industry] = DEMO_COMPANIES[i % DEMO_COMPANIES.length]!;
          const suffix = i >= DEMO_COMPANIES.length ? ` (${Math.floor(i / DEMO_COMPANIES.length) + 1})` : '';
          return {
            orgId,
            name: `${name}${suffix}`,
            industry,
            size: r.pick(['250-999', '1000-4999', '5000+'] as const),
            tier: i < 6 ? ('strategic' as const) : i < 16 ? ('key' as const) : ('standard' as const),
            website: /[a-z]/i.test(name)
              ? `https://www.${name.toLowerCase().replace(/[^a-z]+/g, '')}.com`
              : null,
            ownerId: r.pick(reps).id,
            createdAt: ago(r.int(400, 730)).toISOString(),
          };
        }),
      )
      .returning({ id: accounts.id, ownerId: accounts.ownerId, name: accounts.name });

    const contactValues = accountRows.flatMap((a) =>
      Array.from({ length: r.int(2, 4) }, () => {
        const zh = /[\u4e00-\u9fff]/.test(a.name);
        const [titleEn, titleZh] = r.pick(DEMO_TITLES);
        const name = zh ? r.pick(DEMO_PEOPLE_ZH) : r.pick(DEMO_PEOPLE_EN);
        return {
          orgId,
          accountId: a.id,
          ownerId: a.ownerId,
          name,
          title: zh ? titleZh : titleEn,
          email: `${
            name
              .replace(/\s+/g, '.')
              .toLowerCase()
              .replace(/[^a-z.]/g, '') || 'contact'
          }${r.int(1, 999)}@example.com`,
          phone: zh ? `1${r.int(3, 9)}${r.int(100000000, 999999999)}` : `+49 30 ${r.int(1000000, 9999999)}`,
        };
      }),
    );
    const contactRows = await tx
      .insert(contacts)
      .values(contactValues)
      .returning({ id: contacts.id, accountId: contacts.accountId });

    const stages = await tx
      .select({
        id: pipelineStages.id,
        pipelineId: pipelineStages.pipelineId,
        position: pipelineStages.position,
      })
      .from(pipelineStages)
      .where(eq(pipelineStages.orgId, orgId))
      .orderBy(asc(pipelineStages.position));

    const dealValues = Array.from({ length: scale.deals }, () => {
      const account = r.pick(accountRows);
      const [themeEn, themeZh] = r.pick(DEMO_DEAL_THEMES);
      const zh = /[\u4e00-\u9fff]/.test(account.name);
      const createdDaysAgo = r.int(5, 700);
      const closedRoll = createdDaysAgo > 90 ? r.next() : 1;
      const status =
        closedRoll < 0.28 ? 'won' : closedRoll < 0.55 ? 'lost' : closedRoll < 0.62 ? 'no_decision' : 'open';
      const stage =
        status === 'open' ? r.pick(stages) : status === 'won' ? stages[stages.length - 1]! : r.pick(stages);
      const closedDaysAgo = status === 'open' ? undefined : r.int(1, Math.max(2, createdDaysAgo - 20));
      const amount = r.int(8, 300) * 10_000;
      return {
        orgId,
        name: `${account.name.replace(/ \(\d+\)$/, '')} ${zh ? themeZh : themeEn}`,
        accountId: account.id,
        ownerId: r.chance(0.85) ? account.ownerId : r.pick(reps).id,
        amount,
        currency: 'CNY',
        status,
        closedAt: closedDaysAgo !== undefined ? isoDay(ago(closedDaysAgo)) : null,
        closeReason:
          status === 'won' ? 'Best technical fit' : status === 'open' ? null : r.pick(DEMO_LOSS_REASONS),
        expectedCloseDate: isoDay(
          status === 'open' ? new Date(now.getTime() + r.int(-20, 160) * DAY) : ago(closedDaysAgo ?? 0),
        ),
        forecastCategory:
          status === 'won'
            ? 'closed'
            : status !== 'open'
              ? 'omitted'
              : stage.position >= 7
                ? 'commit'
                : stage.position >= 5
                  ? 'best_case'
                  : 'pipeline',
        nextStep:
          status === 'open'
            ? r.pick(['Schedule on-site visit', '约见决策人', 'Send proposal', '技术交流', 'Demo to IT team'])
            : null,
        pipelineId: stage.pipelineId,
        stageId: stage.id,
        createdAt: ago(createdDaysAgo).toISOString(),
        updatedAt: ago(Math.min(createdDaysAgo, r.int(0, 30))).toISOString(),
      } as const;
    });
    const dealRows = await tx
      .insert(opportunities)
      .values(dealValues.map((d) => ({ ...d })))
      .returning({
        id: opportunities.id,
        accountId: opportunities.accountId,
        ownerId: opportunities.ownerId,
        createdAt: opportunities.createdAt,
        name: opportunities.name,
      });

    await seedProcessEvidence(tx, {
      orgId,
      deals: dealValues,
      dealRows,
      contactRows,
      stages,
      r,
      now,
      confirmerId: people[1]!.id,
    });
    await tx.insert(opportunityHistory).values(
      dealRows.map((d) => ({
        orgId,
        opportunityId: d.id,
        actorId: d.ownerId,
        at: d.createdAt,
        field: 'created',
        newValue: d.name,
      })),
    );
    await tx
      .insert(opportunityMembers)
      .values(
        dealRows
          .filter(() => r.chance(0.3))
          .map((d) => ({ orgId, opportunityId: d.id, userId: presales.id, role: 'presales' })),
      );
    // A deal with products is worth its lines, as the app keeps it: the quantity is about what the amount
    // buys at list price, and the negotiated unit price makes up the exact amount.
    const lineItems = dealRows
      .map((d, i) => ({ d, amount: dealValues[i]!.amount }))
      .filter(() => r.chance(0.4))
      .map(({ d, amount }) => {
        const p = r.pick(productRows);
        const quantity = quantityFor(amount, p.listPrice);
        return { orgId, opportunityId: d.id, productId: p.id, quantity, unitPrice: amount / quantity };
      });
    if (lineItems.length) await tx.insert(opportunityLineItems).values(lineItems);

    const byAccount = new Map<string, string[]>();
    for (const c of contactRows) byAccount.set(c.accountId!, [...(byAccount.get(c.accountId!) ?? []), c.id]);
    const acts: (typeof activities.$inferInsert & { contactId?: string })[] = [];
    for (const d of dealRows) {
      const n = r.int(0, scale.activitiesPerDeal * 2);
      for (let i = 0; i < n; i++) {
        const daysAgo = r.int(-10, Math.max(1, Math.floor((now.getTime() - Date.parse(d.createdAt)) / DAY)));
        const planned = daysAgo < 0;
        const type = r.pick(['visit', 'call', 'meeting', 'demo', 'email', 'visit'] as const);
        acts.push({
          orgId,
          type,
          status: planned ? 'planned' : 'done',
          subject: {
            visit: '客户拜访 On-site visit',
            call: 'Phone call 电话沟通',
            meeting: '项目会议 Meeting',
            demo: '产品演示 Demo',
            email: 'Proposal e-mail',
            task: 'Task',
          }[type],
          startAt: new Date(now.getTime() - daysAgo * DAY + r.int(9, 17) * 3_600_000).toISOString(),
          durationMinutes: type === 'email' ? null : r.pick([30, 45, 60, 90, 120]),
          goal: planned
            ? r.pick(['Confirm budget and timeline', '确认决策链', 'Meet the decision maker'])
            : null,
          outcome: planned ? null : r.pick(DEMO_OUTCOMES),
          ownerId: d.ownerId,
          accountId: d.accountId,
          opportunityId: d.id,
          contactId: r.pick(byAccount.get(d.accountId) ?? ['']) || undefined,
        });
      }
    }
    for (let i = 0; i < 6; i++) {
      const d = r.pick(dealRows);
      acts.push({
        orgId,
        type: 'task',
        status: 'planned',
        subject: r.pick(['Prepare proposal 准备方案', 'Send references 发送案例', 'Update forecast']),
        startAt: new Date(now.getTime() + r.int(0, 1) * DAY).toISOString(),
        ownerId: d.ownerId,
        accountId: d.accountId,
        opportunityId: d.id,
      });
    }
    const actRows = acts.length
      ? await tx
          .insert(activities)
          .values(acts.map(({ contactId: _c, ...a }) => a))
          .returning({ id: activities.id })
      : [];
    const participants = actRows
      .map((a, i) => ({ orgId, activityId: a.id, contactId: acts[i]!.contactId }))
      .filter((p): p is { orgId: string; activityId: string; contactId: string } => !!p.contactId);
    if (participants.length) await tx.insert(activityParticipants).values(participants);

    await tx.insert(notes).values(
      dealRows.slice(0, 40).map((d) => ({
        orgId,
        opportunityId: d.id,
        ownerId: d.ownerId,
        body: r.pick([
          '客户的决策人是总经理，技术评估由IT经理负责。',
          'Coach in procurement says the budget is approved for this fiscal year.',
          '竞争对手已经做过两次演示，我们需要尽快安排高层拜访。',
          'Key need: reduce unplanned downtime by 20%.',
        ]),
      })),
    );
    // Quarterly quotas of every rep, from a year back to next quarter: coverage and attainment have
    // something to measure against.
    const thisQuarter = parsePeriod(quarterOf(now.toISOString().slice(0, 7)));
    await tx.insert(quotas).values(
      reps.flatMap((rep) =>
        [-4, -3, -2, -1, 0, 1].map((n) => {
          const q = parsePeriod(quarterOf(addMonths(thisQuarter.months[0]!, n * 3)));
          return { orgId, userId: rep.id, periodStart: q.start, periodEnd: q.end, amount: 2_000_000 };
        }),
      ),
    );
    return {
      users: people.length + 1,
      accounts: accountRows.length,
      contacts: contactRows.length,
      opportunities: dealRows.length,
      activities: actRows.length,
      adminId: admin?.id,
    };
  });
}

/**
 * On the very first start (no organization at all) creates the demo organization and fills it.
 * Returns the sign-in to print, or undefined when the database already had organizations.
 */
export async function ensureDemo(opts: { db: Db; now?: Date }) {
  const [{ n }] = (await opts.db.select({ n: sql<number>`count(*)::int` }).from(organizations)) as [
    { n: number },
  ];
  if (n > 0) return undefined;
  const org = await createOrganization({
    db: opts.db,
    name: 'Winpath Demo 演示公司',
    slug: DEMO_SLUG,
    adminEmail: DEMO_EMAIL,
    adminPassword: `${DEMO_PASSWORD}`,
    adminName: 'Demo Admin',
  });
  const now = opts.now ?? new Date();
  await generateDemo({ db: opts.db, orgId: org.organization.id, now });
  // This week's forecast snapshot, so forecast accuracy has its first point from the start.
  await takeForecastSnapshot({ db: opts.db, orgId: org.organization.id, now });
  return { created: true, email: DEMO_EMAIL, password: DEMO_PASSWORD };
}

type DemoTx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Gives each demo deal a believable process trail: the stage periods that got it where it is, the buying
 * team met along the way, the key need and ticked milestones — mostly honest, sometimes not (a few deals
 * claimed ahead of their evidence), so stage paths and deal health have something to show.
 */
async function seedProcessEvidence(
  tx: DemoTx,
  p: {
    orgId: string;
    deals: { stageId: string; status: string; createdAt: string; closedAt: string | null }[];
    dealRows: { id: string; accountId: string; ownerId: string; createdAt: string }[];
    contactRows: { id: string; accountId: string | null }[];
    stages: { id: string; pipelineId: string; position: number }[];
    r: ReturnType<typeof rng>;
    now: Date;
    /** A manager who confirms the criteria that need a second person. */
    confirmerId: string;
  },
) {
  const { orgId, r } = p;
  const criteria = await tx
    .select({ id: milestoneCriteria.id, stageId: milestoneCriteria.stageId, kind: milestoneCriteria.kind })
    .from(milestoneCriteria)
    .where(eq(milestoneCriteria.orgId, orgId));
  const byAccount = new Map<string, string[]>();
  for (const c of p.contactRows) byAccount.set(c.accountId!, [...(byAccount.get(c.accountId!) ?? []), c.id]);
  const periods: (typeof stagePeriods.$inferInsert)[] = [];
  const people: (typeof stakeholders.$inferInsert)[] = [];
  const ticks: (typeof criterionCompletions.$inferInsert)[] = [];
  const keyNeeds: { id: string; need: string }[] = [];
  const visits: (typeof activities.$inferInsert)[] = [];
  p.dealRows.forEach((d, i) => {
    const deal = p.deals[i]!;
    const stage = p.stages.find((s) => s.id === deal.stageId)!;
    const start = Date.parse(d.createdAt);
    const end = deal.closedAt ? Date.parse(deal.closedAt) : p.now.getTime() - r.int(1, 20) * DAY;
    const step = Math.max(1, (end - start) / stage.position);
    for (const s of p.stages.filter((x) => x.position <= stage.position)) {
      const entered = new Date(start + (s.position - 1) * step).toISOString();
      const left =
        s.position < stage.position
          ? new Date(start + s.position * step).toISOString()
          : deal.closedAt
            ? new Date(end).toISOString()
            : null;
      periods.push({
        orgId,
        opportunityId: d.id,
        pipelineId: s.pipelineId,
        stageId: s.id,
        enteredAt: entered,
        leftAt: left,
        enteredBy: d.ownerId,
        fromStageId: s.position > 1 ? p.stages.find((x) => x.position === s.position - 1)!.id : null,
      });
    }
    // Most deals carry the evidence of the stages they passed; about one in eight is claimed ahead of it.
    const honest = !r.chance(0.12);
    const evidenced = honest ? stage.position : r.int(1, Math.max(1, stage.position - 1));
    const contacts = byAccount.get(d.accountId) ?? [];
    const roles: ('decision_maker' | 'coach' | 'technical_evaluator' | 'economic_buyer' | 'user')[] = [];
    if (evidenced >= 1 && (honest || r.chance(0.5))) roles.push('decision_maker');
    if (evidenced >= 2) roles.push('coach');
    if (evidenced >= 3) roles.push('technical_evaluator');
    if (evidenced >= 6) roles.push('economic_buyer');
    roles.forEach((role, k) => {
      const contactId = contacts[k % Math.max(1, contacts.length)];
      if (!contactId) return;
      people.push({
        orgId,
        opportunityId: d.id,
        contactId,
        role,
        met: role !== 'decision_maker' || evidenced >= 2,
        attitude:
          evidenced >= 4 || role === 'coach'
            ? 'supporter'
            : r.pick(['neutral', 'supporter', 'opponent'] as const),
        influence: role === 'decision_maker' || role === 'economic_buyer' ? 5 : r.int(2, 4),
      });
    });
    if (evidenced >= 1 && honest)
      keyNeeds.push({
        id: d.id,
        need: r.pick([
          '降低非计划停机 20%',
          'Cut unplanned downtime by 20%',
          '统一数据口径，支撑管理决策',
          'Real-time energy visibility per plant',
        ]),
      });
    for (const c of criteria) {
      const at = p.stages.find((s) => s.id === c.stageId)!.position;
      if (at >= evidenced || (c.kind !== 'checkbox' && c.kind !== 'document')) continue;
      ticks.push({
        orgId,
        opportunityId: d.id,
        criterionId: c.id,
        completedBy: d.ownerId,
        note: c.kind === 'checkbox' ? 'Done' : null,
        link: c.kind === 'document' ? 'https://docs.example.com/deal-room' : null,
        confirmedBy: p.confirmerId === d.ownerId ? null : p.confirmerId,
        confirmedAt: p.confirmerId === d.ownerId ? null : new Date(start + DAY).toISOString(),
      });
    }
    // The visits and demos the milestones of the stages passed ask for.
    const evidenceActs: ('visit' | 'demo')[] = [];
    if (evidenced >= 3) evidenceActs.push('visit');
    if (evidenced >= 5) evidenceActs.push('demo');
    for (const type of evidenceActs)
      visits.push({
        orgId,
        type,
        status: 'done',
        subject: type === 'visit' ? '上门拜访 On-site visit' : '方案演示 Demo',
        startAt: new Date(start + (type === 'visit' ? 1 : 3) * step).toISOString(),
        durationMinutes: 90,
        outcome:
          type === 'visit' ? '见到决策人，确认了项目背景。' : 'Technical team prefers our architecture.',
        ownerId: d.ownerId,
        accountId: d.accountId,
        opportunityId: d.id,
      });
  });
  for (let i = 0; i < visits.length; i += 1000) await tx.insert(activities).values(visits.slice(i, i + 1000));
  for (let i = 0; i < periods.length; i += 1000)
    await tx.insert(stagePeriods).values(periods.slice(i, i + 1000));
  for (let i = 0; i < people.length; i += 1000)
    await tx
      .insert(stakeholders)
      .values(people.slice(i, i + 1000))
      .onConflictDoNothing();
  for (let i = 0; i < ticks.length; i += 1000)
    await tx.insert(criterionCompletions).values(ticks.slice(i, i + 1000));
  for (const k of keyNeeds)
    await tx.update(opportunities).set({ keyNeed: k.need }).where(eq(opportunities.id, k.id));
}

/** The whole quantity (1 to 50) nearest to what `amount` buys at `listPrice` that divides it exactly. */
export function quantityFor(amount: number, listPrice: number): number {
  const target = Math.min(50, Math.max(1, Math.round(amount / listPrice)));
  for (let d = 0; d < 50; d++)
    for (const q of [target - d, target + d]) if (q >= 1 && q <= 50 && amount % q === 0) return q;
  return 1;
}
