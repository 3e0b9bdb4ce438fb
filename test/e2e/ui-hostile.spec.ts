import type { Page } from '@playwright/test';
import { HOSTILE_CORPUS } from '../fixtures/hostile-corpus';
import { bind, expect, test } from './fixtures';
import { extUrl } from './ui-helpers';
import { putRows } from './worker-inspect';

/** Where the page's own header sits, and what is on top of its Delete button. */
function layout(page: Page) {
  return page.evaluate(() => {
    const box = (sel: string) => {
      const r = document.querySelector(sel)!.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].map(Math.round);
    };
    const del = document.querySelector('[data-testid="delete"]')!.getBoundingClientRect();
    const hit = document.elementFromPoint(del.x + del.width / 2, del.y + del.height / 2);
    return {
      title: box('[data-testid="message-title"]'),
      actions: box('.message-actions'),
      deleteOnTop: hit?.closest('[data-testid="delete"]') !== null,
      background: getComputedStyle(document.body).backgroundColor,
      xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
    };
  });
}

test('hostile HTML and markdown run no script and leave the message page alone', async ({
  server,
  ext,
  extPage,
}) => {
  // ~210 page loads, two at a time, at ~0.5 s each on a 2-core machine.
  test.setTimeout(240_000);
  expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(100);
  await bind(extPage, server);
  // Seed every payload as a stored message (mid = index + 1), plus a benign baseline.
  const payloads = [
    { name: 'baseline', contentType: 2 as const, content: '<p>hello</p>' },
    ...HOSTILE_CORPUS,
  ];
  const now = Date.now();
  await putRows(
    extPage,
    payloads.map((p, i) => ({
      mid: i + 1,
      qid: `q${i + 1}`,
      title: p.name,
      name: 'Hostile',
      summary: p.name,
      content: p.content,
      contentType: p.contentType,
      url: '',
      sourceUrl: '',
      createTime: now - i,
      receivedAt: now,
      unread: 0,
      searchText: p.name,
    })),
  );

  const dialogs: string[] = [];
  /** A page of its own that opens message `mid` and waits until every part is rendered. */
  const viewer = async () => {
    const page = await ext.context.newPage();
    await page.setViewportSize({ width: 900, height: 700 });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const open = async (mid: number) => {
      await page.goto(extUrl(ext.extensionId, `message.html?id=${mid}`), { waitUntil: 'commit' });
      await expect(page.getByTestId('message-content')).toBeAttached();
      // Long content renders a part at a time: wait for the last (its body stops being busy).
      await page.waitForFunction(() => {
        const root = document.querySelector('[data-testid="message-content"]')?.shadowRoot;
        return !!root?.querySelector('.wxp-body:not([aria-busy])');
      });
      // Let handlers, timers and lazy images have their chance.
      await page.waitForTimeout(60);
    };
    return { page, open };
  };

  // Two pages share the corpus (the pages wait on the browser more than on the CPU); each
  // compares every payload against the benign baseline as it laid out there.
  const failures: string[] = [];
  const sweep = async (first: number) => {
    const { page, open } = await viewer();
    await open(1);
    const baseline = await layout(page);
    expect(baseline).toMatchObject({ deleteOnTop: true, xss: null });
    for (let i = first; i < payloads.length; i += 2) {
      await open(i + 1);
      const now = await layout(page);
      if (JSON.stringify(now) !== JSON.stringify(baseline)) {
        failures.push(`${payloads[i]!.name}: ${JSON.stringify(now)}`);
      }
      if (page.url() !== extUrl(ext.extensionId, `message.html?id=${i + 1}`)) {
        failures.push(`${payloads[i]!.name}: navigated to ${page.url()}`);
      }
    }
  };
  await Promise.all([sweep(1), sweep(2)]);
  expect(failures).toEqual([]);
  expect(dialogs).toEqual([]);
});
