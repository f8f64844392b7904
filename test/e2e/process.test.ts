// Browser journey of the sales process: a rep drags a deal two stages ahead, sees the unmet criteria,
// completes them on the deal page (adds a coach stakeholder who was met, logs a visit with its debrief),
// then the move succeeds; a manager overrides the next gate with a reason, kept in the stage history. A rep
// opens a stage's built-in worksheet from the deal page, in Chinese; an admin adds one to a stage.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toolTemplate } from '../../src/core/tool-templates.ts';
import { DEMO_EMAIL, journeyFile, shot, signIn, stepper, watchPage } from './harness.ts';
import { card, column, dialog, dragCard, field, pickOption } from './ui.ts';

const journey = journeyFile();

type Stage = { id: string; position: number };

describe('sales process journey', () => {
  it('a rep completes the evidence a gate asks for and moves the deal; a manager overrides a gate with a reason', async () => {
    const tag = randomBytes(2).toString('hex');
    const admin = await journey.server.as(DEMO_EMAIL);
    const rep = await journey.server.as('rep1@demo.winpath.dev');
    // Both demo users read English in this journey.
    await rep.call('PATCH', '/auth/me', { locale: 'en' });
    await (await journey.server.as('manager@demo.winpath.dev')).call('PATCH', '/auth/me', { locale: 'en' });
    const criterion = (labelEn: string, kind: string, config: object) => ({
      labelEn,
      labelZh: labelEn,
      kind,
      config,
      requiresConfirmation: false,
    });
    const pipeline = await admin.post('/pipelines', {
      name: `Journey process ${tag}`,
      stages: [
        {
          nameEn: 'Qualify',
          nameZh: '资格确认',
          probability: 10,
          criteria: [criterion('Coach met', 'stakeholder', { role: 'coach', met: true })],
        },
        {
          nameEn: 'Discover',
          nameZh: '需求调研',
          probability: 30,
          criteria: [criterion('On-site visit done', 'activity', { activityType: 'visit' })],
        },
        {
          nameEn: 'Propose',
          nameZh: '方案建议',
          probability: 60,
          criteria: [criterion('Proposal accepted', 'checkbox', {})],
        },
        { nameEn: 'Negotiate', nameZh: '商务谈判', probability: 80, criteria: [] },
        // A fifth column makes the board scroll, and puts Negotiate where a drag used to scroll it.
        { nameEn: 'Contract', nameZh: '合同签订', probability: 90, criteria: [] },
      ],
    });
    const stages = [...(pipeline.stages as Stage[])].sort((a, b) => a.position - b.position);
    const [qualify, , propose, negotiate] = stages as [Stage, Stage, Stage, Stage];
    const account = await rep.post('/accounts', { name: `Orbit Logistics ${tag}` });
    const coachName = `王芳 ${tag}`;
    await rep.post('/contacts', { name: coachName, accountId: account.id });
    const dealName = `Orbit WMS ${tag}`;
    const deal = await rep.post('/opportunities', {
      name: dealName,
      accountId: account.id,
      pipelineId: pipeline.id,
      stageId: qualify.id,
      amount: 500_000,
      currency: 'CNY',
    });
    const dealId = deal.id as string;
    const boardUrl = `${journey.server.baseUrl}/board?pipeline=${pipeline.id as string}`;
    const move = { method: 'POST', url: new RegExp(`/api/v1/opportunities/${dealId}/move$`), status: 409 };

    // The rep.
    const repCtx = await journey.context();
    const page = await repCtx.newPage();
    const watch = watchPage(page);
    const step = stepper(page, watch, 'process-rep', { fullPage: true });
    await signIn(page, journey.server.baseUrl, 'rep1@demo.winpath.dev');

    await step('gate-refuses', async () => {
      await page.goto(boardUrl);
      await card(page, dealId).waitFor();
      watch.expect(move);
      await dragCard(page, card(page, dealId), column(page, propose.id));
      const unmet = page.getByTestId('move-unmet-dialog');
      await unmet.getByText('Coach met').waitFor();
      await unmet.getByText('On-site visit done').waitFor();
      expect(watch.seen(move)).toBe(true);
      await shot(page, 'process-rep-unmet-dialog');
      await unmet.getByRole('button', { name: 'OK' }).click();
      await unmet.waitFor({ state: 'hidden' });
      expect((await rep.get(`/opportunities/${dealId}`)).stageId).toBe(qualify.id);
    });

    await step('coach-added', async () => {
      await card(page, dealId).getByRole('link', { name: dealName }).click();
      await page.getByRole('heading', { name: dealName, level: 1 }).waitFor();
      const checklist = page.getByTestId('milestone-checklist');
      const coach = checklist.getByTestId('criterion').filter({ hasText: 'Coach met' });
      await expect.poll(() => coach.getAttribute('data-met')).toBe('false');
      await coach.getByRole('button', { name: 'Add stakeholder' }).click();
      const d = dialog(page, 'Add stakeholder');
      await field(d, 'Contact').click();
      await pickOption(page, coachName);
      await d.getByText('Supporter').click();
      await d.getByRole('switch', { name: 'Met' }).check();
      await d.getByRole('button', { name: 'Save' }).click();
      await d.waitFor({ state: 'hidden' });
      await expect.poll(() => coach.getAttribute('data-met')).toBe('true');
      await page.getByTestId('stakeholder-card').filter({ hasText: coachName }).waitFor();
    });

    await step('visit-logged', async () => {
      await page.getByTestId('milestone-stage').click();
      await pickOption(page, '2. Discover');
      const visit = page
        .getByTestId('milestone-checklist')
        .getByTestId('criterion')
        .filter({ hasText: 'On-site visit done' });
      await visit.getByRole('button', { name: 'Plan a Visit' }).click();
      const plan = dialog(page, 'Plan an activity');
      await field(plan, 'Subject').fill('Warehouse walk-through with the coach');
      await field(plan, 'Goal').fill('See the docks and learn the tender rules');
      await plan.getByRole('button', { name: 'Plan', exact: true }).click();
      await plan.waitFor({ state: 'hidden' });
      const timeline = page.getByRole('tabpanel', { name: 'Timeline' });
      const item = timeline.getByTestId('activity-item').filter({ hasText: 'Warehouse walk-through' });
      await item.getByRole('button', { name: 'Record outcome' }).click();
      const debrief = dialog(page, 'Record the outcome and debrief');
      await field(debrief, 'Outcome').fill('Saw the three docks; the coach explained the tender rules.');
      await field(debrief, 'What we learned').fill('Peak season is Q4; the COO signs.');
      await field(debrief, 'Next step').fill('Send the proposal');
      await debrief.getByRole('button', { name: 'Save debrief' }).click();
      await debrief.waitFor({ state: 'hidden' });
      await expect.poll(() => visit.getAttribute('data-met')).toBe('true');
    });

    await step('move-succeeds', async () => {
      await page.goto(boardUrl);
      await card(page, dealId).waitFor();
      await dragCard(page, card(page, dealId), column(page, propose.id));
      await column(page, propose.id).locator(`[data-deal-id="${dealId}"]`).waitFor();
      await expect.poll(async () => (await rep.get(`/opportunities/${dealId}`)).stageId).toBe(propose.id);
    });

    // The manager over the rep overrides the next gate.
    const mgrCtx = await journey.context();
    const mpage = await mgrCtx.newPage();
    const mwatch = watchPage(mpage);
    const mstep = stepper(mpage, mwatch, 'process-manager', { fullPage: true });
    await signIn(mpage, journey.server.baseUrl, 'manager@demo.winpath.dev');

    await mstep('override', async () => {
      await mpage.goto(boardUrl);
      await card(mpage, dealId).waitFor();
      mwatch.expect(move);
      await dragCard(mpage, card(mpage, dealId), column(mpage, negotiate.id));
      const unmet = mpage.getByTestId('move-unmet-dialog');
      await unmet.getByText('Proposal accepted').waitFor();
      await field(unmet, 'Reason').fill('Customer accepted the proposal by phone; written note follows.');
      await shot(mpage, 'process-manager-override-dialog');
      await unmet.getByRole('button', { name: 'Override and move' }).click();
      await unmet.waitFor({ state: 'hidden' });
      await column(mpage, negotiate.id).locator(`[data-deal-id="${dealId}"]`).waitFor();
    });

    await mstep('history-shows-override', async () => {
      await card(mpage, dealId).getByRole('link', { name: dealName }).click();
      await mpage.getByRole('heading', { name: dealName, level: 1 }).waitFor();
      await mpage.getByTestId('stage-history-toggle').click();
      const overridden = mpage.getByTestId('stage-history').locator('[data-override="true"]');
      await overridden.getByText(/Customer accepted the proposal by phone/).waitFor();
      await expect.poll(() => overridden.count()).toBe(1);
      // The evidence supports only the stage whose milestone was overridden.
      await mpage.getByTestId('evidence-gap').getByText('Evidence supports: 3. Propose').waitFor();
    });
  });

  it('a rep opens a stage’s worksheet from the deal page, in Chinese, and comes back', async () => {
    const tag = randomBytes(2).toString('hex');
    const rep = await journey.server.as('rep2@demo.winpath.dev');
    await rep.call('PATCH', '/auth/me', { locale: 'zh-CN' });
    const account = await rep.post('/accounts', { name: `华东物流 ${tag}` });
    // No pipeline named: the deal starts in the first stage of the default 8-step process.
    const deal = await rep.post('/opportunities', { name: `仓储系统 ${tag}`, accountId: account.id });
    const ctx = await journey.context();
    const page = await ctx.newPage();
    const watch = watchPage(page);
    const step = stepper(page, watch, 'process-worksheet', { fullPage: true });
    await signIn(page, journey.server.baseUrl, 'rep2@demo.winpath.dev');

    await step('deal-lists-tools', async () => {
      await page.goto(`${journey.server.baseUrl}/opportunities/${deal.id as string}`);
      await page.getByRole('heading', { name: `仓储系统 ${tag}`, level: 1 }).waitFor();
      await page.getByRole('link', { name: '客户背景调研清单' }).first().waitFor();
    });

    await step('worksheet', async () => {
      await page.getByRole('link', { name: '项目立项评估表' }).first().click();
      await page.waitForURL(/\/tools\/qualification$/);
      await page.getByRole('heading', { name: '项目立项评估表', level: 1 }).waitFor();
      await page.getByRole('heading', { name: '是否立项', level: 2 }).waitFor();
      await page.getByText('已明确关键决策人').waitFor();
      // The stage that links it, in the rep's language.
      await page.getByText('适用阶段').waitFor();
      await page.getByText(/^项目立项( · |$)/).waitFor();
      expect(await page.getByText('Project qualification sheet').count()).toBe(0);
    });

    await step('back-to-deal', async () => {
      await page.goBack();
      await page.getByRole('heading', { name: `仓储系统 ${tag}`, level: 1 }).waitFor();
    });
  });

  it('an admin adds a built-in worksheet to a stage: picked from the link field, it names itself', async () => {
    const admin = await journey.server.as(DEMO_EMAIL);
    await admin.call('PATCH', '/auth/me', { locale: 'en' });
    const tag = randomBytes(2).toString('hex');
    const created = await admin.post('/pipelines', {
      name: `Worksheet model ${tag}`,
      stages: [{ nameEn: 'Discover', nameZh: '需求调研', probability: 20, criteria: [] }],
    });
    const ctx = await journey.context();
    const page = await ctx.newPage();
    const watch = watchPage(page);
    const step = stepper(page, watch, 'process-designer', { fullPage: true });
    await signIn(page, journey.server.baseUrl, DEMO_EMAIL);

    await step('pick-worksheet', async () => {
      await page.goto(`${journey.server.baseUrl}/admin/pipelines?id=${created.id as string}`);
      const stage = page.getByTestId('stage-editor').first();
      await stage.getByText('1. Discover').waitFor();
      await stage.getByRole('button', { name: 'Add tool' }).click();
      const link = stage.getByLabel('Link, or a built-in worksheet');
      // Suggested by title as well as by address; a pick names the tool after the worksheet…
      await link.fill('tender');
      await page.getByRole('option', { name: /Tender checklist/ }).click();
      await expect
        .poll(() => stage.getByRole('textbox', { name: 'Tool name (English)' }).inputValue())
        .toBe('Tender checklist');
      // …and picking another renames it, since the names were the first worksheet's, not the admin's.
      await link.fill('/tools/de');
      await page.getByRole('option', { name: /Demo script/ }).click();
      await expect
        .poll(() => stage.getByRole('textbox', { name: 'Tool name (English)' }).inputValue())
        .toBe('Demo script');
      expect(await stage.getByRole('textbox', { name: 'Tool name (Chinese)' }).inputValue()).toBe(
        toolTemplate('demo-script')!.title.zh,
      );
    });

    await step('saved', async () => {
      await page.getByTestId('designer-save').click();
      await expect
        .poll(
          async () =>
            ((await admin.get(`/pipelines/${created.id as string}`)).stages as { tools: unknown }[])[0]!
              .tools,
        )
        .toEqual([
          { label: 'Demo script', labelZh: toolTemplate('demo-script')!.title.zh, url: '/tools/demo-script' },
        ]);
    });

    await step('blank-criterion-marked', async () => {
      const stage = page.getByTestId('stage-editor').first();
      await stage.getByRole('button', { name: 'Add exit criterion' }).click();
      await page.getByTestId('designer-save').click();
      // Blank required fields are marked under themselves before anything is sent (the server would refuse
      // them on the same paths), not as a path in a notification.
      const criterion = stage.getByTestId('criterion-editor');
      await expect.poll(() => criterion.getByText('Required', { exact: true }).count()).toBe(2);
      await page.getByText('Some fields need a change: they are marked below.').waitFor();
      expect(await page.getByText(/stages\.0\.criteria/).count()).toBe(0);
      // Typing in one field clears its error, not the other's.
      await criterion.getByRole('textbox', { name: 'Criterion (English)' }).fill('Budget confirmed');
      expect(await criterion.getByText('Required', { exact: true }).count()).toBe(1);
    });
  });
});
