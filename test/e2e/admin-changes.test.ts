// Browser journeys of two admin features. In Chinese, an admin retires a stage of a funnel model in the
// designer (asked first) and sees it marked retired; retiring a stage that still holds open deals is refused
// under that stage, naming how many; the board leaves the retired stage's column out, and once the stage is
// restored in the designer the column is back. In English, an admin sets a quarterly quota for a rep, then a
// monthly one inside that quarter: the form refuses it on the dates, naming the quarter, and "Edit that
// quota" opens the quarterly one; the rep keeps exactly one quota. Each key moment is left as a screenshot
// in docs/screenshots. The admin's language is set here, whatever an earlier file left it in.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parsePeriod, quarterOf } from '../../src/core/analytics/periods.ts';
import { formatPeriod } from '../../src/web/lib/insights.ts';
import { type ApiClient, DEMO_EMAIL, DOCS_SCREENSHOTS, journeyFile, shot, stepper } from './harness.ts';
import { column, dialog, field, navLink, pickOption } from './ui.ts';

const journey = journeyFile();

const signedIn = (email: string) => journey.signedIn(email);

/** The viewport into test-results/e2e and, as docs/screenshots/<name>.png, into the docs. */
async function docShot(page: Page, name: string) {
  // Notifications and dialogs animate in even with reduced motion: wait for the fonts and a settled frame.
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
  const file = await shot(page, `admin-changes-${name}`);
  fs.mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  const doc = path.join(DOCS_SCREENSHOTS, `${name}.png`);
  fs.copyFileSync(file, doc);
  expect(fs.statSync(doc).size, `${name}.png stays small enough to commit`).toBeLessThan(600_000);
}

type Stage = { id: string; position: number; nameZh: string; retiredAt: string | null };

/** A stage's `retiredAt` as the API reads it. */
async function retiredAt(api: ApiClient, pipelineId: string, stageId: string) {
  const p = await api.get(`/pipelines/${pipelineId}`);
  const stage = (p.stages as Stage[]).find((s) => s.id === stageId);
  if (!stage) throw new Error(`stage ${stageId} is not in the pipeline`);
  return stage.retiredAt;
}

describe('admin changes', () => {
  it('in Chinese, an admin retires a stage without open deals, is refused one with open deals, and restores it: the board follows', async () => {
    const tag = randomBytes(2).toString('hex');
    const admin = await journey.server.as(DEMO_EMAIL);
    await admin.call('PATCH', '/auth/me', { locale: 'zh-CN' });
    const modelZh = `停用演示 ${tag}`;
    const pipeline = await admin.post('/pipelines', {
      name: `Retirement demo ${tag}`,
      nameZh: modelZh,
      stages: [
        { nameEn: 'Qualify', nameZh: '资格确认', probability: 10, criteria: [] },
        { nameEn: 'Discover', nameZh: '需求调研', probability: 30, criteria: [] },
        { nameEn: 'Site survey', nameZh: '现场勘察', probability: 45, criteria: [] },
        { nameEn: 'Propose', nameZh: '方案建议', probability: 60, criteria: [] },
      ],
    });
    const pipelineId = pipeline.id as string;
    const [qualify, discover, survey, propose] = [...(pipeline.stages as Stage[])].sort(
      (a, b) => a.position - b.position,
    ) as [Stage, Stage, Stage, Stage];
    const account = await admin.post('/accounts', { name: `西湖制造 ${tag}` });
    // Two open deals in 需求调研, one in 方案建议; none in 现场勘察.
    for (const [name, stageId] of [
      [`产线改造 ${tag}`, discover.id],
      [`仓储升级 ${tag}`, discover.id],
      [`能耗监测 ${tag}`, propose.id],
    ] as const)
      await admin.post('/opportunities', {
        name,
        accountId: account.id,
        pipelineId,
        stageId,
        amount: 300_000,
        currency: 'CNY',
      });

    const { page, watch } = await signedIn(DEMO_EMAIL);
    const step = stepper(page, watch, 'admin-changes-retire');
    const editor = (position: number, nameZh: string) =>
      page
        .getByTestId('stage-editor')
        .filter({ has: page.getByText(`${position}. ${nameZh}`, { exact: true }) });
    /** Opens the designer from the navigation on this model (it opens on the default one). */
    const openDesigner = async () => {
      await navLink(page, '漏斗模型').click();
      await page.getByRole('heading', { name: '漏斗模型', level: 1 }).waitFor();
      await page.getByRole('combobox', { name: '漏斗模型' }).click();
      await pickOption(page, new RegExp(`^${modelZh} · `));
      await editor(3, '现场勘察').waitFor();
    };
    /** Opens the board from the navigation on this model. */
    const openBoard = async () => {
      await navLink(page, '销售漏斗看板').click();
      await page.getByRole('heading', { name: '销售漏斗看板' }).waitFor();
      await page.getByTestId('board').waitFor();
      await page.getByRole('combobox', { name: '销售流程' }).click();
      await pickOption(page, modelZh);
      await expect.poll(() => new URL(page.url()).searchParams.get('pipeline')).toBe(pipelineId);
      await column(page, qualify.id).waitFor();
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .mantine-Loader-root'));
    };

    await step('designer', async () => {
      await page.getByTestId('home-today').waitFor();
      await openDesigner();
      expect(await page.getByTestId('stage-retired').count()).toBe(0);
    });

    await step('retire-confirm', async () => {
      const stage = editor(3, '现场勘察');
      await stage.getByRole('button', { name: '停用阶段“现场勘察”' }).click();
      const confirm = dialog(page, '停用阶段“现场勘察”？');
      await confirm.getByText('此阶段中进行中的商机需先移到其他阶段。').waitFor();
      await docShot(page, 'stage-retire-confirm-zh');
      await confirm.getByRole('button', { name: '停用阶段', exact: true }).click();
      await confirm.waitFor({ state: 'hidden' });
      await page.getByText('已停用阶段“现场勘察”').waitFor();
      await stage.getByTestId('stage-retired').getByText('已停用').waitFor();
      await stage.getByText(/不再放入新商机，也不在看板上显示/).waitFor();
      expect(await stage.getAttribute('data-retired')).toBe('true');
      // Only that stage, and the API says so.
      expect(await page.getByTestId('stage-retired').count()).toBe(1);
      expect(await retiredAt(admin, pipelineId, survey.id)).toEqual(expect.any(String));
      await stage.scrollIntoViewIfNeeded();
      await docShot(page, 'stage-retired-zh');
    });

    await step('retire-refused', async () => {
      const stage = editor(2, '需求调研');
      await stage.scrollIntoViewIfNeeded();
      watch.expect({
        method: 'POST',
        url: new RegExp(`/api/v1/pipelines/${pipelineId}/stages/${discover.id}/retire$`),
        status: 409,
      });
      await stage.getByRole('button', { name: '停用阶段“需求调研”' }).click();
      const confirm = dialog(page, '停用阶段“需求调研”？');
      await confirm.getByRole('button', { name: '停用阶段', exact: true }).click();
      await confirm.waitFor({ state: 'hidden' });
      // The refusal is said under the stage, in Chinese, with the stage's Chinese name and the count.
      const refused = stage.getByTestId('stage-retire-refused');
      await expect
        .poll(() => refused.textContent())
        .toMatch(/^阶段“需求调研”中还有 2 个进行中的商机；请先把它们移到其他阶段，再停用此阶段/);
      expect(await stage.getByTestId('stage-retired').count()).toBe(0);
      expect(await retiredAt(admin, pipelineId, discover.id)).toBeNull();
      await docShot(page, 'stage-retire-refused-zh');
    });

    await step('board-without-retired', async () => {
      await openBoard();
      for (const s of [qualify, discover, propose]) await column(page, s.id).waitFor();
      expect(await column(page, survey.id).count()).toBe(0);
      expect(await page.getByTestId('board').getByText('现场勘察').count()).toBe(0);
      await expect.poll(() => column(page, discover.id).getByTestId('column-count').textContent()).toBe('2');
      expect(await page.getByTestId('board-column').count()).toBe(3);
      await docShot(page, 'board-stage-retired-zh');
    });

    await step('restored', async () => {
      await openDesigner();
      const stage = editor(3, '现场勘察');
      await stage.getByTestId('stage-retired').waitFor();
      await stage.getByRole('button', { name: '重新启用阶段“现场勘察”' }).click();
      await page.getByText('已重新启用阶段“现场勘察”').waitFor();
      await stage.getByTestId('stage-retired').waitFor({ state: 'detached' });
      await stage.getByRole('button', { name: '停用阶段“现场勘察”' }).waitFor();
      expect(await stage.getAttribute('data-retired')).toBeNull();
      expect(await retiredAt(admin, pipelineId, survey.id)).toBeNull();
      await stage.scrollIntoViewIfNeeded();
      await docShot(page, 'stage-restored-zh');
    });

    await step('board-with-restored', async () => {
      await openBoard();
      await column(page, survey.id).waitFor();
      expect(await column(page, survey.id).getAttribute('aria-label')).toBe('现场勘察');
      expect(await column(page, survey.id).getAttribute('data-retired')).toBeNull();
      expect(await page.getByTestId('board-column').count()).toBe(4);
      await docShot(page, 'board-stage-restored-zh');
    });
  });

  it('an admin sets a quarterly quota for a rep; a monthly one inside it is refused on the dates and “Edit that quota” opens the quarterly one', async () => {
    const tag = randomBytes(2).toString('hex');
    const admin = await journey.server.as(DEMO_EMAIL);
    await admin.call('PATCH', '/auth/me', { locale: 'en' });
    // A rep of their own: the demo reps already have quarterly quotas.
    const repName = `Lena Park ${tag}`;
    const rep = await admin.post('/users', {
      email: `lena.park.${tag}@demo.winpath.dev`,
      name: repName,
      role: 'rep',
    });
    const repId = rep.id as string;
    const quotasOfRep = async () => (await admin.get(`/quotas?userId=${repId}`)).items!;
    expect(await quotasOfRep()).toEqual([]);
    // The current quarter and its current month, as the form offers them (it reads the month in UTC).
    const month = new Date().toISOString().slice(0, 7);
    const quarterKey = quarterOf(month);
    const quarter = parsePeriod(quarterKey);
    const monthPeriod = parsePeriod(month);
    const quarterLabel = formatPeriod(quarterKey, 'en');

    const { page, watch } = await signedIn(DEMO_EMAIL);
    const step = stepper(page, watch, 'admin-changes-quota');
    /** Opens a new quota's form and fills it in for the rep. */
    const fillNew = async (periodLabel: string, amount: string) => {
      await page.getByRole('button', { name: 'New quota' }).first().click();
      const d = dialog(page, 'New quota');
      await d.getByRole('combobox', { name: 'Person' }).fill(repName);
      await pickOption(page, repName);
      await d.getByRole('combobox', { name: 'Period' }).click();
      await page.getByRole('option', { name: periodLabel, exact: true }).click();
      await field(d, 'Amount').fill(amount);
      return d;
    };

    await step('quarterly-created', async () => {
      await page.getByTestId('home-today').waitFor();
      await navLink(page, 'Quotas').click();
      await page.getByRole('heading', { name: 'Quotas', level: 1 }).waitFor();
      const d = await fillNew(quarterLabel, '3000000');
      expect(await field(d, 'From').inputValue()).toBe(quarter.start);
      expect(await field(d, 'To (inclusive)').inputValue()).toBe(quarter.end);
      await d.getByRole('button', { name: 'Create' }).click();
      await d.waitFor({ state: 'hidden' });
      const row = page.getByTestId('quotas-table').getByRole('row').filter({ hasText: repName });
      await row.getByText(quarterLabel).waitFor();
      const saved = await quotasOfRep();
      expect(saved).toHaveLength(1);
      expect(saved[0]).toMatchObject({
        periodStart: quarter.start,
        periodEnd: quarter.end,
        amount: 3_000_000,
      });
    });

    const [quarterly] = await quotasOfRep();

    await step('monthly-overlaps', async () => {
      const monthLabel = formatPeriod(month, 'en');
      const d = await fillNew(monthLabel, '1000000');
      expect(await field(d, 'From').inputValue()).toBe(monthPeriod.start);
      expect(await field(d, 'To (inclusive)').inputValue()).toBe(monthPeriod.end);
      watch.expect({ method: 'POST', url: /\/api\/v1\/quotas$/, status: 409 });
      await d.getByRole('button', { name: 'Create' }).click();
      const overlap = d.getByTestId('quota-overlap');
      await overlap.waitFor();
      // Said once, under the dates, naming the quarter and its amount; both dates are marked.
      const text = (await overlap.textContent()) ?? '';
      expect(text).toContain(`This period overlaps their quota for ${quarterLabel} (`);
      expect(text).toMatch(/3,000,000/);
      for (const label of ['From', 'To (inclusive)'])
        expect(await field(d, label).getAttribute('aria-invalid')).toBe('true');
      // Still open, with what the admin typed.
      expect(await field(d, 'From').inputValue()).toBe(monthPeriod.start);
      expect(await quotasOfRep()).toHaveLength(1);
      await docShot(page, 'quota-overlap');
    });

    await step('edit-that-quota', async () => {
      await dialog(page, 'New quota').getByRole('button', { name: 'Edit that quota' }).click();
      const d = dialog(page, 'Edit quota');
      await d.waitFor();
      await expect.poll(() => field(d, 'From').inputValue()).toBe(quarter.start);
      expect(await field(d, 'To (inclusive)').inputValue()).toBe(quarter.end);
      expect(await d.getByRole('combobox', { name: 'Person' }).inputValue()).toBe(repName);
      expect(await field(d, 'Amount').inputValue()).toBe('3,000,000');
      expect(await d.getByTestId('quota-overlap').count()).toBe(0);
      expect(await dialog(page, 'New quota').count()).toBe(0);
      await docShot(page, 'quota-edit-existing');
      await d.getByRole('button', { name: 'Cancel' }).click();
      await d.waitFor({ state: 'hidden' });
      const left = await quotasOfRep();
      expect(left.map((q) => q.id)).toEqual([quarterly!.id]);
      expect(left[0]).toMatchObject({
        periodStart: quarter.start,
        periodEnd: quarter.end,
        amount: 3_000_000,
      });
    });
  });
});
