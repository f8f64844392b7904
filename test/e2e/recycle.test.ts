// Browser journey of the recycle bin: a rep deletes an account that has a deal and a contact, finds it in
// the recycle bin from the navigation with what its deletion took along (not restorable on its own), finds
// it again by the deal's type and name, restores it and opens it with its deal back. In Chinese, a rep
// restores a deal deleted with its visit.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type ApiClient, journeyFile, shot, stepper } from './harness.ts';
import { navLink, pickOption } from './ui.ts';

const journey = journeyFile();

const signedIn = (email: string) => journey.signedIn(email);

/** A record's deletion time, or null when it is live (read from the bin of its kind). */
async function deletedAt(api: ApiClient, kind: string, id: unknown): Promise<string | null> {
  const live = await api.call('GET', `/${kind}/${id as string}`);
  if (live.status === 200) return null;
  const bin = await api.get(`/${kind}?deleted=true&limit=500`);
  return (bin.items?.find((r) => r.id === id)?.deletedAt as string | undefined) ?? 'not in the bin';
}

const entry = (page: Page, id: unknown) =>
  page.locator(`[data-testid="bin-entry"][data-id="${id as string}"]`);
const cascaded = (page: Page, id: unknown) =>
  page.locator(`[data-testid="bin-cascaded"][data-id="${id as string}"]`);

describe('recycle bin journey', () => {
  it('a rep deletes an account with its deal, finds both in the recycle bin and restores them together', async () => {
    const tag = randomBytes(2).toString('hex');
    const rep = await journey.server.as('rep1@demo.winpath.dev');
    await rep.call('PATCH', '/auth/me', { locale: 'en' });
    const accountName = `Qiantang Metro ${tag}`;
    const dealName = `Line 9 signalling ${tag}`;
    const account = await rep.post('/accounts', { name: accountName });
    const deal = await rep.post('/opportunities', { name: dealName, accountId: account.id, amount: 800_000 });
    const contact = await rep.post('/contacts', { name: `Zhou Min ${tag}`, accountId: account.id });
    const { page, watch } = await signedIn('rep1@demo.winpath.dev');
    const step = stepper(page, watch, 'recycle-rep', { fullPage: true });

    await step('account-deleted', async () => {
      await page.goto(`${journey.server.baseUrl}/accounts/${account.id as string}`);
      await page.getByRole('heading', { name: accountName, level: 1 }).waitFor();
      // The page leaves for the list without reading the deleted account again (the watch fails a 404).
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
      await page.waitForURL(/\/accounts$/);
      await page.getByText(`“${accountName}” was deleted.`).waitFor();
      expect(await deletedAt(rep, 'opportunities', deal.id)).toEqual(expect.any(String));
    });

    await step('in-the-bin', async () => {
      await navLink(page, 'Recycle bin').click();
      await page.waitForURL(/\/recycle-bin$/);
      await page.getByRole('heading', { name: 'Recycle bin', level: 1 }).waitFor();
      const row = entry(page, account.id);
      await row.getByText(accountName).waitFor();
      await row.getByText('Account', { exact: true }).waitFor();
      await row.getByText('30 days').waitFor();
      await row.getByText('Me', { exact: true }).waitFor();
      // The deal and the contact went with the account: shown under it, restored only through it.
      for (const id of [deal.id, contact.id]) {
        await cascaded(page, id).getByText(`Deleted with “${accountName}”`).waitFor();
        expect(await cascaded(page, id).getByRole('button').count()).toBe(0);
        expect(await entry(page, id).count()).toBe(0);
      }
      await cascaded(page, deal.id).getByText('Opportunity', { exact: true }).waitFor();
    });

    await step('found-by-the-deal', async () => {
      await page.getByRole('combobox', { name: 'Type' }).click();
      await pickOption(page, 'Opportunities');
      await expect.poll(() => page.url()).toContain('type=opportunities');
      await page.getByRole('textbox', { name: 'Search' }).fill(dealName);
      await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(dealName);
      expect(new URL(page.url()).searchParams.get('type')).toBe('opportunities');
      await entry(page, account.id).waitFor();
      await shot(page, 'recycle-rep-filtered-by-the-deal');
      await page.getByRole('textbox', { name: 'Search' }).fill(`${dealName} nothing like it`);
      await page.getByText('No matches').waitFor();
      expect(await entry(page, account.id).count()).toBe(0);
      await page.getByRole('button', { name: 'Clear filters' }).first().click();
      await entry(page, account.id).waitFor();
    });

    await step('restored', async () => {
      await entry(page, account.id)
        .getByRole('button', { name: `Restore “${accountName}”` })
        .click();
      const note = page.getByTestId('restored-notification');
      await note.getByText(`“${accountName}” is back, with the 2 records deleted with it.`).waitFor();
      await entry(page, account.id).waitFor({ state: 'detached' });
      // The delete's Undo is gone with it: there is nothing left to undo.
      await page.getByText(`“${accountName}” was deleted.`).waitFor({ state: 'detached' });
      await page.getByText('The recycle bin is empty').waitFor();
      expect(await deletedAt(rep, 'accounts', account.id)).toBeNull();
      expect(await deletedAt(rep, 'opportunities', deal.id)).toBeNull();
      expect(await deletedAt(rep, 'contacts', contact.id)).toBeNull();
    });

    await step('account-back', async () => {
      await page.getByTestId('restored-notification').getByRole('link', { name: 'Open' }).click();
      await page.waitForURL(new RegExp(`/accounts/${account.id as string}$`));
      await page.getByRole('heading', { name: accountName, level: 1 }).waitFor();
      await page.getByTestId('deals-table').getByText(dealName).waitFor();
    });

    await step('deal-history', async () => {
      await page.getByTestId('deals-table').getByRole('link', { name: dealName }).click();
      await page.getByRole('heading', { name: dealName, level: 1 }).waitFor();
      await page.getByRole('tab', { name: 'History' }).click();
      const lines = page.getByTestId('history');
      await lines.getByText('restored the deal with its account').waitFor();
      await lines.getByText('deleted the deal with its account').waitFor();
    });

    await step('back-in-the-list', async () => {
      await navLink(page, 'Accounts').click();
      await page.getByTestId('accounts-table').getByRole('link', { name: accountName }).waitFor();
    });
  });

  it('in Chinese, a rep restores a deal deleted with its visit', async () => {
    const tag = randomBytes(2).toString('hex');
    const rep = await journey.server.as('rep2@demo.winpath.dev');
    await rep.call('PATCH', '/auth/me', { locale: 'zh-CN' });
    const account = await rep.post('/accounts', { name: `钱塘物流 ${tag}` });
    const dealName = `智能仓储 ${tag}`;
    const deal = await rep.post('/opportunities', { name: dealName, accountId: account.id });
    const visit = await rep.post('/activities', {
      type: 'visit',
      subject: `仓库现场拜访 ${tag}`,
      opportunityId: deal.id,
    });
    const read = await rep.call('GET', `/opportunities/${deal.id as string}`);
    const del = await rep.call('DELETE', `/opportunities/${deal.id as string}`, undefined, {
      'if-match': read.etag ?? '',
    });
    expect(del.status).toBe(204);
    const { page, watch } = await signedIn('rep2@demo.winpath.dev');
    const step = stepper(page, watch, 'recycle-zh', { fullPage: true });

    await step('bin', async () => {
      await navLink(page, '回收站').click();
      await page.getByRole('heading', { name: '回收站', level: 1 }).waitFor();
      const row = entry(page, deal.id);
      await row.getByText(dealName).waitFor();
      await row.getByText('商机', { exact: true }).waitFor();
      await row.getByText('30 天').waitFor();
      await row.getByText(/^保留至 /).waitFor();
      await row.getByText('我', { exact: true }).waitFor();
      const went = cascaded(page, visit.id);
      await went.getByText('活动', { exact: true }).waitFor();
      await went.getByText(`随“${dealName}”一起删除`).waitFor();
      await page.getByRole('columnheader', { name: '剩余时间' }).waitFor();
    });

    await step('restored', async () => {
      await entry(page, deal.id)
        .getByRole('button', { name: `恢复“${dealName}”` })
        .click();
      const note = page.getByTestId('restored-notification');
      await note.getByText(`“${dealName}”已恢复，随其删除的 1 条记录也一并恢复。`).waitFor();
      await page.getByText('回收站是空的').waitFor();
    });

    await step('deal-back', async () => {
      await page.getByTestId('restored-notification').getByRole('link', { name: '打开' }).click();
      await page.waitForURL(new RegExp(`/opportunities/${deal.id as string}$`));
      await page.getByRole('heading', { name: dealName, level: 1 }).waitFor();
      expect(await deletedAt(rep, 'activities', visit.id)).toBeNull();
    });
  });
});
