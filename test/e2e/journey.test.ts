// The everyday journey in a real browser: sign in → create an account and a contact → create an
// opportunity → move it on the board (refused by the milestone gate first, then allowed once the evidence
// is there) → log a visit with its debrief → switch to 中文 and see the board in Chinese → sign out.
// Plus the home page, the board and a deal's stage path on a phone. Any console error, page error or failed request fails it.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opportunities, pipelineStages, users } from '../../src/server/db/schema/index.ts';
import { launchChromium } from './browser.ts';
import {
  DEMO_EMAIL,
  type E2eServer,
  newContext,
  PHONE,
  shot,
  signIn,
  startE2eServer,
  stepper,
  watchPage,
} from './harness.ts';
import { card, column, dialog, dragCard, field, navLink, onScreen, pickOption } from './ui.ts';

let server: E2eServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs one step of a journey: on success a screenshot, on failure a screenshot of what was on screen. */

const uuidIn = (url: string, segment: string) => {
  const m = url.match(new RegExp(`/${segment}/([0-9a-f-]{36})`));
  if (!m) throw new Error(`no ${segment} id in ${url}`);
  return m[1]!;
};

/** `YYYY-MM-DDTHH:mm` in the browser's time zone, `hoursAgo` before now (a datetime-local value). */
const localInput = (page: Page, hoursAgo: number) =>
  page.evaluate((h) => {
    const d = new Date(Date.now() - h * 3_600_000);
    const p = (x: number) => String(x).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, hoursAgo);

describe('browser journey', () => {
  let context: BrowserContext;
  afterAll(async () => {
    await context?.close();
  });

  it('signs in, creates an account, a contact and a deal, moves it on the board, debriefs a visit, switches to 中文 and signs out', async () => {
    const tag = randomBytes(2).toString('hex');
    const accountName = `Nova Robotics ${tag}`;
    const contactName = '周建华';
    const dealName = `Nova MES rollout ${tag}`;
    const admin = await server.as(DEMO_EMAIL);
    const manager = await server.as('manager@demo.winpath.dev');
    const pipelines = (await admin.get('/pipelines')).items as {
      id: string;
      isDefault: boolean;
      stages: { id: string; position: number; nameEn: string; nameZh: string }[];
    }[];
    const stages = [...pipelines.find((p) => p.isDefault)!.stages].sort((a, b) => a.position - b.position);
    const [stage1, stage2] = [stages[0]!, stages[1]!];

    context = await newContext(browser);
    const page = await context.newPage();
    const watch = watchPage(page);
    const step = stepper(page, watch, 'journey');
    let accountId = '';
    let contactId = '';
    let dealId = '';

    await step('sign-in-page', async () => {
      await page.goto(server.baseUrl);
      // A stranger is sent to the sign-in page.
      await page.waitForURL(/\/login$/);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await field(page, 'E-mail').fill(DEMO_EMAIL);
      await page.locator('input[autocomplete="current-password"]').fill('winpath-demo');
    });

    await step('home', async () => {
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${server.baseUrl}/`);
      await page.getByRole('heading', { name: /^Good (morning|afternoon|evening), Demo Admin$/ }).waitFor();
      await page.getByTestId('home-today').waitFor();
    });

    await step('account-created', async () => {
      await navLink(page, 'Accounts').click();
      await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'New account' }).first().click();
      const d = dialog(page, 'New account');
      await field(d, 'Name').fill(accountName);
      await field(d, 'Industry').fill('Industrial robotics');
      await d.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
      accountId = uuidIn(page.url(), 'accounts');
      await page.getByRole('heading', { name: accountName, level: 1 }).waitFor();
      await d.waitFor({ state: 'hidden' });
      expect((await admin.get(`/accounts/${accountId}`)).industry).toBe('Industrial robotics');
    });

    await step('account-duplicate', async () => {
      // The same company typed another way: the duplicate rule alerts, names the account that has the name
      // and opens it, instead of creating a second one.
      await navLink(page, 'Accounts').click();
      await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'New account' }).first().click();
      const d = dialog(page, 'New account');
      await field(d, 'Name').fill(`  ${accountName.toUpperCase().replace(' ', '-')}`);
      watch.expect({ method: 'POST', url: /\/api\/v1\/accounts$/, status: 409 });
      await d.getByRole('button', { name: 'Create' }).click();
      const alert = d.getByTestId('duplicate-account');
      await alert.getByRole('button', { name: 'Create anyway' }).waitFor();
      await shot(page, 'journey-account-duplicate');
      await alert.getByRole('link', { name: accountName }).click();
      await page.waitForURL(`${server.baseUrl}/accounts/${accountId}`);
      await page.getByRole('heading', { name: accountName, level: 1 }).waitFor();
      await d.waitFor({ state: 'hidden' });
      const same = (await admin.get(`/accounts?q=${tag}`)).items!;
      expect(same.map((a) => a.id)).toEqual([accountId]);
    });

    await step('contact-created', async () => {
      await page.getByRole('tab', { name: 'Contacts' }).click();
      await page.getByRole('button', { name: 'New contact' }).click();
      const d = dialog(page, 'New contact');
      await field(d, 'Name').fill(contactName);
      await field(d, 'Job title').fill('CTO');
      await d.getByRole('button', { name: 'Create' }).click();
      await d.waitFor({ state: 'hidden' });
      await page.getByTestId('contacts-table').getByText(contactName).waitFor();
      const contacts = (await admin.get(`/contacts?accountId=${accountId}`)).items!;
      expect(contacts.map((c) => c.name)).toEqual([contactName]);
      contactId = String(contacts[0]!.id);
    });

    await step('deal-created', async () => {
      await page.getByRole('tab', { name: 'Opportunities' }).click();
      await page.getByRole('button', { name: 'New opportunity' }).click();
      const d = dialog(page, 'New opportunity');
      await field(d, 'Name').fill(dealName);
      // The account is the one we are on; the deal goes to a rep of the East team.
      await expect.poll(() => field(d, 'Account').inputValue()).toBe(accountName);
      await field(d, 'Owner').click();
      await pickOption(page, '陈晓');
      await field(d, 'Amount').fill('880000');
      await field(d, 'Expected close').fill('2027-03-31');
      await d.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(/\/opportunities\/[0-9a-f-]{36}$/);
      dealId = uuidIn(page.url(), 'opportunities');
      await page.getByRole('heading', { name: dealName, level: 1 }).waitFor();
      const deal = await admin.get(`/opportunities/${dealId}`);
      expect(deal).toMatchObject({ accountId, amount: 880000, stageId: stage1.id, status: 'open' });
    });

    const openOnBoard = async () => {
      await navLink(page, 'Pipeline board').click();
      await page.getByTestId('board').waitFor();
      await page.getByRole('textbox', { name: 'Filter cards' }).fill(dealName);
      await expect.poll(() => page.getByTestId('board-card').count()).toBe(1);
      await column(page, stage1.id).locator(`[data-deal-id="${dealId}"]`).waitFor();
    };

    await step('board-move-refused', async () => {
      await openOnBoard();
      // Stage 1 → 2 needs evidence the new deal does not have yet: the gate refuses (409, on purpose).
      const refusal = {
        method: 'POST',
        url: new RegExp(`/api/v1/opportunities/${dealId}/move$`),
        status: 409,
      };
      watch.expect(refusal);
      await dragCard(page, card(page, dealId), column(page, stage2.id));
      const unmet = page.getByTestId('move-unmet-dialog');
      await unmet.waitFor();
      // Behind the dialog the card waits in its own column, with the column counts as they were.
      await column(page, stage1.id).locator(`[data-deal-id="${dealId}"]`).waitFor({ timeout: 2000 });
      expect(await column(page, stage2.id).locator(`[data-deal-id="${dealId}"]`).count()).toBe(0);
      for (const label of [
        'Decision maker identified',
        'Key need understood',
        'Project analysed and initiation approved',
      ])
        await unmet.getByText(label).waitFor();
      expect(watch.seen(refusal)).toBe(true);
      await shot(page, 'journey-board-milestone-unmet');
      await unmet.getByRole('button', { name: 'Cancel' }).click();
      await unmet.waitFor({ state: 'hidden' });
      await column(page, stage1.id).locator(`[data-deal-id="${dealId}"]`).waitFor();
      expect((await admin.get(`/opportunities/${dealId}`)).stageId).toBe(stage1.id);
    });

    await step('deal-evidence', async () => {
      // The card's name opens the deal; the key need is entered on the deal page.
      await card(page, dealId).getByRole('link', { name: dealName }).click();
      await page.getByRole('heading', { name: dealName, level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Edit Key need' }).click();
      const keyNeed = page.locator('[data-field="keyNeed"]');
      await field(keyNeed, 'Key need').fill('Cut unplanned line stops by 30 % across both plants');
      await keyNeed.getByRole('button', { name: 'Save' }).click();
      await keyNeed.getByText('Cut unplanned line stops by 30 % across both plants').waitFor();
      // The web app has no buying-team or checklist editor yet: that evidence goes in through the API —
      // the decision maker, and the initiation approval ticked by the admin and confirmed by the manager.
      await admin.post('/stakeholders', {
        opportunityId: dealId,
        contactId,
        role: 'decision_maker',
        met: true,
        attitude: 'neutral',
      });
      const process = await admin.get(`/opportunities/${dealId}/process`);
      const approval = (
        process.stages as { id: string; criteria: { id: string; kind: string }[] }[]
      )[0]!.criteria.find((c) => c.kind === 'checkbox')!;
      await admin.post(`/opportunities/${dealId}/criteria/${approval.id}`, {
        action: 'complete',
        note: 'Project analysed with the plant managers',
      });
      await manager.post(`/opportunities/${dealId}/criteria/${approval.id}`, { action: 'confirm' });
    });

    await step('board-moved', async () => {
      await openOnBoard();
      await dragCard(page, card(page, dealId), column(page, stage2.id));
      await page.getByText(`“${dealName}” moved to ${stage2.nameEn}`).waitFor();
      await column(page, stage2.id).locator(`[data-deal-id="${dealId}"]`).waitFor();
      await expect.poll(async () => (await admin.get(`/opportunities/${dealId}`)).stageId).toBe(stage2.id);
      await expect.poll(() => column(page, stage2.id).getByTestId('column-count').textContent()).toBe('1');
    });

    await step('visit-debriefed', async () => {
      await card(page, dealId).getByRole('link', { name: dealName }).click();
      await page.getByRole('heading', { name: dealName, level: 1 }).waitFor();
      const timeline = page.getByRole('tabpanel', { name: 'Timeline' });
      await timeline.getByRole('button', { name: 'Plan a visit', exact: true }).click();
      const plan = dialog(page, 'Plan an activity');
      await field(plan, 'Subject').fill('On-site visit with the CTO');
      await field(plan, 'Date and time').fill(await localInput(page, 2));
      await field(plan, 'Goal').fill('Confirm the budget and who signs');
      await field(plan, 'Contacts taking part').click();
      await pickOption(page, `${contactName} · CTO`);
      await page.keyboard.press('Escape');
      await plan.getByRole('button', { name: 'Plan', exact: true }).click();
      await plan.waitFor({ state: 'hidden' });
      const item = timeline.getByTestId('activity-item').filter({ hasText: 'On-site visit with the CTO' });
      await item.getByRole('button', { name: 'Record outcome' }).click();
      const debrief = dialog(page, 'Record the outcome and debrief');
      await field(debrief, 'Outcome').fill('Budget of ¥900k confirmed; the CTO decides with the GM.');
      await field(debrief, 'What we learned').fill('Line 3 stops twice a week; the GM wants a pilot first.');
      await field(debrief, 'Next step').fill('Send the pilot proposal by Friday');
      await debrief.getByRole('button', { name: 'Save debrief' }).click();
      await debrief.waitFor({ state: 'hidden' });
      await item.getByText('Budget of ¥900k confirmed; the CTO decides with the GM.').waitFor();
      await item.getByText('Done', { exact: true }).waitFor();
      const acts = (await admin.get(`/activities?opportunityId=${dealId}`)).items!;
      expect(acts).toHaveLength(1);
      expect(acts[0]).toMatchObject({
        type: 'visit',
        status: 'done',
        subject: 'On-site visit with the CTO',
        goal: 'Confirm the budget and who signs',
        outcome: 'Budget of ¥900k confirmed; the CTO decides with the GM.',
      });
      expect((await admin.get(`/activities/${acts[0]!.id}`)).participantContactIds).toEqual([contactId]);
      expect(acts[0]!.notes).toBe(
        'Line 3 stops twice a week; the GM wants a pilot first.\n\n→ Send the pilot proposal by Friday',
      );
      // The debrief's next step became the deal's next step.
      await expect
        .poll(async () => (await admin.get(`/opportunities/${dealId}`)).nextStep)
        .toBe('Send the pilot proposal by Friday');
    });

    await step('board-zh', async () => {
      await page.getByTestId('language-menu').click();
      await page.getByRole('menuitem', { name: '简体中文' }).click();
      await navLink(page, '销售漏斗看板').click();
      await page.getByRole('heading', { name: '销售漏斗看板' }).waitFor();
      await page.getByTestId('board').waitFor();
      await expect.poll(() => page.getByTestId('board-summary').textContent()).toMatch(/个进行中的商机/);
      await expect.poll(() => column(page, stage1.id).getAttribute('aria-label')).toBe(stage1.nameZh);
      await column(page, stage2.id).getByText(`2. ${stage2.nameZh}`).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      // The choice is kept on the user.
      await expect
        .poll(async () => ((await admin.get('/auth/me')).user as { locale: string }).locale)
        .toBe('zh-CN');
    });

    await step('account-zh-refused', async () => {
      // A rule only the server knows: an account cannot be its own parent. The field says why, in Chinese
      // (the web words the error's code).
      await page.goto(`${server.baseUrl}/accounts/${accountId}`);
      await page.getByRole('heading', { name: accountName, level: 1 }).waitFor();
      watch.expect({ method: 'PATCH', url: new RegExp(`/api/v1/accounts/${accountId}$`), status: 422 });
      await page.getByRole('button', { name: '编辑上级客户' }).click();
      const parent = page.locator('[data-field="parentId"]');
      await field(parent, '上级客户').fill(accountName);
      // Choosing saves at once.
      await pickOption(page, accountName);
      await parent.getByText('会使该客户成为自己的上级').waitFor();
      await shot(page, 'journey-account-zh-refusal');
      await parent.getByRole('button', { name: '取消' }).click();
      expect((await admin.get(`/accounts/${accountId}`)).parentId).toBeNull();
    });

    await step('signed-out', async () => {
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: '退出登录' }).click();
      await page.waitForURL(/\/login$/);
      await page.getByRole('button', { name: '登录' }).waitFor();
      const cookies = await context.cookies();
      expect(cookies.filter((c) => c.name === 'winpath_session' || c.name === 'winpath_signed_in')).toEqual(
        [],
      );
      // Signed out means signed out: the board sends us back to the sign-in page.
      await page.goto(`${server.baseUrl}/board`);
      await page.waitForURL(/\/login\?next=%2Fboard$/);
    });

    expect(watch.problems()).toEqual([]);
  });
});

describe('on a phone (375 × 812)', () => {
  /** A phone's browser, and how far the page scrolls sideways (0 when everything fits the width). */
  const phone = async () => {
    const context = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    const pageOverflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    return { context, page, watch: watchPage(page), pageOverflow };
  };

  it('shows the home page, the board and a deal far along without sideways scrolling of the page', async () => {
    const { context, page, watch, pageOverflow } = await phone();
    const step = stepper(page, watch, 'phone');
    try {
      await step('home', async () => {
        await signIn(page, server.baseUrl, 'rep3@demo.winpath.dev');
        await page.getByRole('heading', { name: /Tom Walker$/ }).waitFor();
        await page.getByTestId('home-today').waitFor();
        // The navigation is behind the burger on a phone.
        expect(await onScreen(navLink(page, 'Pipeline board'))).toBe(false);
        expect(await pageOverflow()).toBeLessThanOrEqual(0);
      });

      await step('board', async () => {
        await page.getByRole('button', { name: 'Open navigation' }).click();
        await navLink(page, 'Pipeline board').click();
        await page.getByTestId('board').waitFor();
        await page.getByTestId('board-card').first().waitFor();
        // The navigation closed again, and the columns scroll inside the board, not the page.
        await expect.poll(() => onScreen(navLink(page, 'Pipeline board'))).toBe(false);
        expect(await pageOverflow()).toBeLessThanOrEqual(0);
      });

      await step('deal-path', async () => {
        // The rep's open deal furthest along: its stage path scrolls to the current stage.
        const [deal] = await server.db.db
          .select({ id: opportunities.id, name: opportunities.name, position: pipelineStages.position })
          .from(opportunities)
          .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
          .innerJoin(users, eq(users.id, opportunities.ownerId))
          .where(and(eq(users.email, 'rep3@demo.winpath.dev'), sql`${opportunities.status} = 'open'`))
          .orderBy(desc(pipelineStages.position), opportunities.name)
          .limit(1);
        expect(deal!.position).toBeGreaterThanOrEqual(5);
        await page.goto(`${server.baseUrl}/opportunities/${deal!.id}`);
        await page.getByRole('heading', { name: deal!.name, level: 1 }).waitFor();
        const current = page.getByRole('navigation', { name: 'Stage' }).locator('[aria-current="step"]');
        await expect.poll(() => onScreen(current)).toBe(true);
        const box = await current.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
        expect(await pageOverflow()).toBeLessThanOrEqual(0);
      });
    } finally {
      await context.close();
    }
  });

  it('fits an admin’s quotas and users, and the forecast table, on a phone: no cut-off rows, no sideways scrolling', async () => {
    const { context, page, watch, pageOverflow } = await phone();
    const step = stepper(page, watch, 'phone-admin');
    try {
      // The admin's language is whatever the journey before left it in (it switches to 中文).
      const EDIT = /^(Edit|编辑) /;
      // The row's last control (an Edit button) is on the screen, not behind a sideways swipe.
      const fits = async (el: ReturnType<Page['getByRole']>) => {
        await el.scrollIntoViewIfNeeded();
        const box = await el.boundingBox();
        expect(box, 'the control is laid out').not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      };

      await step('quotas', async () => {
        await signIn(page, server.baseUrl, DEMO_EMAIL);
        await page.getByTestId('home-today').waitFor();
        await page.goto(`${server.baseUrl}/admin/quotas`);
        const list = page.getByTestId('quotas-list');
        await list.waitFor();
        expect(await page.getByTestId('quotas-table').count()).toBe(0);
        await fits(list.getByRole('button', { name: EDIT }).first());
        expect(await pageOverflow()).toBeLessThanOrEqual(0);
      });

      await step('users', async () => {
        await page.goto(`${server.baseUrl}/admin/users`);
        const list = page.getByTestId('users-list');
        await list.waitFor();
        await fits(list.getByRole('button', { name: EDIT }).last());
        expect(await pageOverflow()).toBeLessThanOrEqual(0);
      });

      await step('forecast-table', async () => {
        await page.goto(`${server.baseUrl}/insights/forecast`);
        await page
          .getByText(/^(Table|表格)$/)
          .first()
          .click();
        const table = page.getByTestId('forecast-table');
        await table.waitFor();
        const box = await table.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
        expect(await pageOverflow()).toBeLessThanOrEqual(0);
      });
    } finally {
      await context.close();
    }
  });
});
