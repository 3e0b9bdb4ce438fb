import type { Page } from '@playwright/test';
import { DELETE_HOLD_MS } from '../../lib/worker/message-actions';
import { bind, callWorker, expect, send, test } from './fixtures';
import { bindThroughPopup, extUrl, POPUP_SIZE } from './ui-helpers';
import { badge } from './worker-inspect';

async function openPopup(page: Page, extensionId: string) {
  await page.setViewportSize(POPUP_SIZE);
  await page.goto(extUrl(extensionId, 'popup.html'));
}

const rows = (page: Page) => page.getByTestId('message-row');
const row = (page: Page, mid: number) =>
  page.locator(`[data-testid="message-row"][data-mid="${mid}"]`);

test('bind through the popup, then find, search, open, copy, read and delete messages', async ({
  server,
  ext,
  extPage,
}) => {
  const popup = extPage;
  await openPopup(popup, ext.extensionId);
  await bindThroughPopup(popup, server);
  await expect(popup.getByTestId('connection-state')).toHaveText('Connected');
  await expect(popup.getByTestId('empty-list')).toBeVisible();

  // One message of each content type (docs/protocol.md §5).
  const text = await send(server, {
    content: 'Backup finished: 42 GB in 7 min. Details https://example.com/backup',
    contentType: 1,
    summary: 'Backup finished',
  });
  const html = await send(server, {
    content:
      '<h2>Deploy v2.3</h2><p>All <b>green</b>.</p><copy data-clipboard-text="v2.3-build-77">Copy build id</copy>',
    contentType: 2,
    summary: 'Deploy v2.3 done',
  });
  const markdown = await send(server, {
    content: '## Disk almost full\n\n| host | use |\n|---|---|\n| db-2 | **91%** |',
    contentType: 3,
    summary: 'Disk almost full',
  });

  await expect(rows(popup)).toHaveCount(3);
  expect(await rows(popup).evaluateAll((els) => els.map((e) => Number(e.dataset.mid)))).toEqual([
    markdown.messageId,
    html.messageId,
    text.messageId,
  ]);
  await expect(popup.getByTestId('unread-count')).toHaveText('3 unread');
  await expect.poll(() => badge(ext.worker)).toBe('3');

  // Search as you type: content, then app name; Esc clears.
  await popup.getByTestId('search').fill('db-2');
  await expect(rows(popup)).toHaveCount(1);
  await expect(row(popup, markdown.messageId)).toBeVisible();
  await popup.getByTestId('search').fill('42 gb');
  await expect(rows(popup)).toHaveCount(1);
  await expect(row(popup, text.messageId)).toBeVisible();
  await popup.getByTestId('search').press('Escape');
  await expect(rows(popup)).toHaveCount(3);

  // Open each in the full view: it opens in a tab and is marked read (badge drops).
  const [htmlView] = await Promise.all([
    ext.context.waitForEvent('page'),
    row(popup, html.messageId).locator('.row-main').click(),
  ]);
  await htmlView.waitForLoadState();
  expect(htmlView.url()).toBe(extUrl(ext.extensionId, `message.html?id=${html.messageId}`));
  await expect(htmlView.getByTestId('message-title')).toHaveText('Deploy v2.3 done');
  const content = htmlView.getByTestId('message-content');
  await expect(content.locator('h2')).toHaveText('Deploy v2.3');
  // Playwright cannot grant clipboard-read to an extension origin, so the test notes what
  // the page hands to the real clipboard API (which must succeed for "Copied" to show).
  await htmlView.evaluate(() => {
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text: string) => {
      (window as unknown as { copied: string }).copied = text;
      return write(text);
    };
  });
  await content.locator('button.wxp-copy').click();
  await expect(content.locator('button.wxp-copy')).toHaveText('Copied');
  expect(await htmlView.evaluate(() => (window as unknown as { copied: string }).copied)).toBe(
    'v2.3-build-77',
  );
  await expect.poll(() => badge(ext.worker)).toBe('2');
  await expect(row(popup, html.messageId)).toHaveAttribute('data-unread', '0');

  // Keyboard: / search, ↓ into the list, Enter opens.
  await popup.bringToFront();
  await popup.keyboard.press('/');
  await expect(popup.getByTestId('search')).toBeFocused();
  await popup.keyboard.type('disk');
  await expect(rows(popup)).toHaveCount(1);
  await popup.keyboard.press('ArrowDown');
  const [mdView] = await Promise.all([
    ext.context.waitForEvent('page'),
    popup.keyboard.press('Enter'),
  ]);
  await mdView.waitForLoadState();
  await expect(mdView.getByTestId('message-content').locator('td strong')).toHaveText('91%');
  await expect.poll(() => badge(ext.worker)).toBe('1');
  await popup.getByTestId('search').fill('');

  // The text message, opened directly (not from the popup), is marked read by the page.
  const textView = await ext.context.newPage();
  await textView.goto(extUrl(ext.extensionId, `message.html?id=${text.messageId}`));
  await expect(textView.getByTestId('message-content').locator('a')).toHaveAttribute(
    'href',
    'https://example.com/backup',
  );
  await expect.poll(() => badge(ext.worker)).toBe('');

  // Mark unread and read again from the full view; the popup follows.
  await textView.getByTestId('toggle-read').click();
  await expect.poll(() => badge(ext.worker)).toBe('1');
  await expect(row(popup, text.messageId)).toHaveAttribute('data-unread', '1');
  await row(popup, text.messageId).getByTestId('row-toggle-read').click();
  await expect.poll(() => badge(ext.worker)).toBe('');

  // Delete, undo, delete for good.
  await row(popup, html.messageId).hover();
  await row(popup, html.messageId).getByTestId('row-delete').click();
  await expect(rows(popup)).toHaveCount(2);
  await popup.getByTestId('undo').click();
  await expect(rows(popup)).toHaveCount(3);
  await row(popup, html.messageId).locator('.row-main').focus();
  await popup.keyboard.press('Delete');
  await expect(rows(popup)).toHaveCount(2);
  await expect(htmlView.getByTestId('message-missing')).toBeVisible();
  // The delete reaches the server once its undo window is over.
  await expect
    .poll(() => callWorker<{ counters: { outboxPending: number } }>(popup, 'getStatus'), {
      timeout: DELETE_HOLD_MS + 30_000,
    })
    .toMatchObject({ counters: { outboxPending: 0 } });
});

test('a popup opened as a tab fills it, and "send test" brings a message', async ({
  server,
  ext,
  extPage,
}) => {
  await bind(extPage, server);
  await extPage.setViewportSize({ width: 1000, height: 700 });
  await extPage.goto(extUrl(ext.extensionId, 'popup.html?tab=1'));
  await expect(extPage.getByTestId('connection-bar')).toBeVisible();
  expect(await extPage.evaluate(() => document.body.getBoundingClientRect().width)).toBe(1000);
  await extPage.getByTestId('send-test').click();
  await expect(extPage.getByTestId('toast-info')).toBeVisible();
  await expect(rows(extPage)).toHaveCount(1, { timeout: 10_000 });
});

test('stays fast with 20 000 stored messages', async ({ server, ext, extPage }) => {
  await bind(extPage, server);
  // Seed the database the worker owns, straight through IndexedDB (test data, not an app path):
  // one transaction, for the bound account.
  await extPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('wxpusher');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['messages', 'meta'], 'readwrite');
    const current = tx.objectStore('meta').get('current');
    await new Promise((resolve) => (current.onsuccess = resolve));
    const account = current.result as number;
    const now = Date.now();
    for (let i = 1; i <= 20_000; i++) {
      const title = i === 15_000 ? 'needle in the haystack' : `Message number ${i}`;
      const name = `App ${i % 7}`;
      const content = `Body of message ${i}, with some words to search through.`;
      tx.objectStore('messages').put({
        account,
        mid: i,
        qid: `q${i}`,
        title,
        name,
        summary: `Summary ${i}`,
        content,
        contentType: 1,
        url: '',
        sourceUrl: '',
        createTime: now - (20_001 - i) * 20_000,
        receivedAt: now,
        unread: i % 3 === 0 ? 1 : 0,
        searchText: [title, `Summary ${i}`, name, content].join('\n').toLowerCase(),
      });
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });

  // Speed is measured by `npm run bench` (no timed assertions here); this checks behaviour.
  await openPopup(extPage, ext.extensionId);
  await expect(row(extPage, 20_000)).toBeVisible();
  // A bounded wait, not a timing: the whole index takes seconds on a loaded 2-core machine.
  await expect(extPage.getByTestId('message-list')).toHaveAttribute('data-total', '20000', {
    timeout: 60_000,
  });
  // Windowed: a handful of rows in the page, whatever the total.
  expect(await rows(extPage).count()).toBeLessThan(40);

  await extPage.getByTestId('search').fill('needle');
  await expect(extPage.getByTestId('message-list')).toHaveAttribute('data-total', '1');
  await expect(row(extPage, 15_000)).toBeVisible();

  await extPage.getByTestId('search').fill('');
  await extPage.getByTestId('message-list').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(row(extPage, 1)).toBeVisible();
  expect(await rows(extPage).count()).toBeLessThan(40);
});
