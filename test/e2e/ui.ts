// Locating things in the web app the way a user finds them: by role and visible label.
import type { Locator, Page } from 'playwright-core';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A form field by its label; required fields carry Mantine's " *" after the label text. */
export function field(scope: Page | Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${escapeRegExp(label)}\\s*\\*?$`));
}

/** A link of the main navigation (open the burger first on phones). */
export function navLink(page: Page, name: string): Locator {
  return page
    .getByRole('navigation', { name: /Main navigation|主导航/ })
    .getByRole('link', { name, exact: true });
}

export function dialog(page: Page, name: string | RegExp): Locator {
  return page.getByRole('dialog', { name });
}

/** Picks an option of an open Mantine Select / MultiSelect dropdown. */
export async function pickOption(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('option', { name }).first().click();
}

/** The stage column of the board, by stage id. */
export function column(page: Page, stageId: string): Locator {
  return page.locator(`[data-testid="board-column"][data-stage-id="${stageId}"]`);
}

export function card(page: Page, dealId: string): Locator {
  return page.locator(`[data-testid="board-card"][data-deal-id="${dealId}"]`);
}

/**
 * Drags a board card onto a column with real pointer events: press, a few small moves to pass dnd-kit's
 * activation distance, then a glide to the column and release.
 */
export async function dragCard(page: Page, from: Locator, to: Locator): Promise<void> {
  // A refetch landing mid-drag re-renders the board under the pointer (dnd-kit then drops the card
  // back, or where the columns have moved to): start once the board's reads have settled.
  await page.waitForLoadState('networkidle');
  await from.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('card or column not visible');
  const start = { x: a.x + a.width / 2, y: a.y + Math.min(a.height / 2, 40) };
  // Aim at the upper part of the column's card area (its header is part of the droppable too).
  const end = { x: b.x + b.width / 2, y: b.y + Math.min(b.height / 2, 160) };
  const scrolls = await watchBoardScrolls(page);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 3; i++) await page.mouse.move(start.x + i * 4, start.y + i * 2);
  await page.mouse.move(end.x, end.y, { steps: 15 });
  // dnd-kit measures the droppables on the next frame; let it see the pointer over the column. Neither the
  // glide nor a pointer resting over a column may scroll the board (dnd-kit's default auto-scroll band, a
  // fifth of the board, did, and the card landed columns further on): the column must be where it was.
  await page.waitForTimeout(600);
  const now = await to.boundingBox();
  if (!now || Math.abs(now.x - b.x) >= 1 || Math.abs(now.y - b.y) >= 1)
    throw new Error(
      `the board moved under the pointer: ${JSON.stringify({ before: b, after: now })}\n${await scrolls()}`,
    );
  await page.mouse.up();
}

/**
 * Records what scrolls the board from now on (scroll events, and the script calls that asked for them, with
 * their stack), for the message of a drag that failed because the board moved.
 */
async function watchBoardScrolls(page: Page): Promise<() => Promise<string>> {
  await page.evaluate(() => {
    const w = window as unknown as { boardScrolls: string[] };
    w.boardScrolls = [`window ${innerWidth}×${innerHeight}`];
    const board = document.querySelector('.wp-board');
    if (!board) return;
    board.addEventListener('scroll', () => w.boardScrolls.push(`scrolled to ${board.scrollLeft}`));
    for (const name of ['scrollBy', 'scrollTo'] as const) {
      const own = board[name].bind(board) as (...args: unknown[]) => void;
      board[name] = ((...args: unknown[]) => {
        w.boardScrolls.push(`${name}(${JSON.stringify(args)}) from ${new Error().stack ?? ''}`);
        own(...args);
      }) as never;
    }
  });
  return () =>
    page.evaluate(() =>
      (window as unknown as { boardScrolls: string[] }).boardScrolls.slice(0, 10).join('\n'),
    );
}

/** Whether any part of the element is inside the viewport (off-canvas navigation is not). */
export async function onScreen(el: Locator): Promise<boolean> {
  const box = await el.boundingBox();
  const size = el.page().viewportSize();
  if (!box || !size) return false;
  return box.x + box.width > 0 && box.x < size.width && box.y + box.height > 0 && box.y < size.height;
}
