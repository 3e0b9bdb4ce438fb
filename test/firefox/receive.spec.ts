import type { Page } from 'puppeteer-core';
import type { Settings } from '../../lib/storage/settings';
import { HOSTILE_CORPUS } from '../fixtures/hostile-corpus';
import { callWorker, expect, send, test } from '../e2e/fixtures';
import { startServer, type RunningServer } from '../e2e/server-process';
import { badge, putRows, renderedPartCounts, storedMids } from '../e2e/worker-inspect';
import { collectProbe, installProbe, probeEvents } from '../reliability/probe';
import {
  countOf,
  ffStatus,
  navigate,
  openFirefox,
  openTab,
  serverMessages,
  textOf,
  waitUntil,
  type FirefoxExtension,
} from './harness';

// One Firefox for the whole story, as a user would go through it: bind, receive, read, set
// options, read and delete. Each step builds on the one before.
test.describe.configure({ mode: 'serial' });

let server: RunningServer;
let ext: FirefoxExtension;
let popup: Page;
const mids: Record<'text' | 'html' | 'markdown', number> = { text: 0, html: 0, markdown: 0 };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer();
  ext = await openFirefox(server);
});

test.afterAll(async () => {
  await ext?.close();
  await server?.stop();
});

const rowMids = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="message-row"]')].map((e) =>
      Number(e.dataset.mid),
    ),
  );

test('binds through the popup QR code', async () => {
  popup = await openTab(ext, '/popup.html', { width: 380, height: 560 });
  await waitUntil(
    'the login code',
    async () => !!(await textOf(popup, '[data-testid="login-code"]')),
  );
  const code = (await textOf(popup, '[data-testid="login-code"]'))!;
  const confirm = await popup.$eval('[data-testid="confirm-link"]', (a) => a.getAttribute('href'));
  expect(confirm).toBe(`${server.url}/scan/${code}`);
  const qr = await popup.$eval('[data-testid="qr-image"]', (img) => img.getAttribute('src'));
  expect(qr).toContain(code);

  const response = await fetch(`${server.url}/scan/${code}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(((await response.json()) as { code: number }).code).toBe(1000);
  await waitUntil(
    'the popup to show the bound view',
    async () => (await countOf(popup, '[data-testid="connection-bar"]')) === 1,
  );
  expect(await textOf(popup, '[data-testid="connection-state"]')).toBe('Connected');
  expect((await ffStatus(ext.page)).binding.kind).toBe('bound');
});

test('a message of each content type is stored once, notified, counted and listed', async () => {
  await collectProbe(ext.page);
  await installProbe(ext.bg);
  mids.text = (
    await send(server, {
      content: 'Backup finished: 42 GB in 7 min. Details https://example.com/backup',
      contentType: 1,
      summary: 'Backup finished',
    })
  ).messageId;
  mids.html = (
    await send(server, {
      content: '<h2>Deploy v2.3</h2><p>All <b>green</b>.</p><img src=x onerror="window.__xss=1">',
      contentType: 2,
      summary: 'Deploy v2.3 done',
    })
  ).messageId;
  mids.markdown = (
    await send(server, {
      content: '## Disk almost full\n\n| host | use |\n|---|---|\n| db-2 | **91%** |',
      contentType: 3,
      summary: 'Disk almost full',
    })
  ).messageId;
  const sent = [mids.text, mids.html, mids.markdown];

  await expect.poll(() => storedMids(ext.bg), { timeout: 15_000 }).toEqual(sent);
  await expect.poll(() => badge(ext.bg)).toBe('3');
  // One notification per message, each created once. The summary repeats the title (the local
  // server titles a message by its summary), so the notification's text is the content's.
  await expect
    .poll(async () => (await probeEvents(ext.page)).filter((e) => e.k === 'create').length)
    .toBe(3);
  const creates = (await probeEvents(ext.page)).flatMap((e) => (e.k === 'create' ? [e] : []));
  expect(creates.map((e) => e.id).sort()).toEqual(sent.map((m) => `wxp-msg:${m}`).sort());
  expect(creates.map((e) => e.message)).toContain('Disk almost full host use db-2 91%');
  const s = await ffStatus(ext.page);
  expect(s.counters).toMatchObject({ messagesStored: 3, notificationsRaised: 3 });
  // The sound played in the background page (a failure would be shown as the status error).
  expect(s.lastError).toBeNull();

  // The popup lists them newest first, as they arrived.
  await expect.poll(() => rowMids(popup)).toEqual([...sent].reverse());
  expect(await textOf(popup, '[data-testid="unread-count"]')).toBe('3 unread');
});

test('the full view renders markdown and HTML, and a sample of hostile content runs nothing', async () => {
  const view = await openTab(ext, `/message.html?id=${mids.markdown}`);
  const dialogs: string[] = [];
  view.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const content = (selector: string) =>
    view.evaluate((selector) => {
      const root = document.querySelector('[data-testid="message-content"]')?.shadowRoot;
      return [...(root?.querySelectorAll(selector) ?? [])].map((e) => e.textContent?.trim());
    }, selector);
  await expect.poll(() => content('h2')).toEqual(['Disk almost full']);
  expect(await content('td strong')).toEqual(['91%']);

  await navigate(ext, view, `/message.html?id=${mids.html}`);
  await expect.poll(() => content('h2')).toEqual(['Deploy v2.3']);
  expect(await content('b')).toEqual(['green']);

  // Every eighth payload of the hostile corpus, stored as messages and opened one by one.
  const sample = HOSTILE_CORPUS.filter((_, i) => i % 8 === 0);
  const base = 900_000;
  const now = Date.now();
  await putRows(
    ext.page,
    sample.map((p, i) => ({
      mid: base + i,
      qid: `h${i}`,
      title: p.name,
      name: 'Hostile',
      summary: p.name,
      content: p.content,
      contentType: p.contentType,
      url: '',
      sourceUrl: '',
      createTime: now - 60_000 - i,
      receivedAt: now,
      unread: 0,
      searchText: p.name.toLowerCase(),
    })),
  );
  const failures: string[] = [];
  for (let i = 0; i < sample.length; i++) {
    const url = `${ext.ff.origin}/message.html?id=${base + i}`;
    await navigate(ext, view, `/message.html?id=${base + i}`);
    // Long content renders a part at a time: wait for the last (its body stops being busy).
    await waitUntil(`payload ${sample[i]!.name} to render`, () =>
      view.evaluate(() => {
        const root = document.querySelector('[data-testid="message-content"]')?.shadowRoot;
        return !!root?.querySelector('.wxp-body:not([aria-busy])');
      }),
    );
    // Let handlers, timers and lazy images have their chance.
    await new Promise((r) => setTimeout(r, 100));
    const seen = await view.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
      href: location.href,
      title: document.querySelector('[data-testid="message-title"]')?.textContent ?? '',
    }));
    if (seen.xss !== null || seen.href !== url || seen.title !== sample[i]!.name) {
      failures.push(`${sample[i]!.name}: ${JSON.stringify(seen)}`);
    }
  }
  expect(failures).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(await ext.bg.evaluate(() => (self as unknown as { __xss?: 1 }).__xss ?? null)).toBeNull();
  await view.close();
});

test('options are saved; sticky notifications are shown off, with why', async () => {
  const options = await openTab(ext, '/options.html');
  const settings = () => callWorker<Settings>(ext.page, 'getSettings');
  await waitUntil('the options', async () => (await countOf(options, '#sound')) === 1);

  const sticky = await options.$eval('#require-interaction', (e) => ({
    disabled: (e as HTMLInputElement).disabled,
    why: document.getElementById('require-interaction-desc')?.textContent ?? '',
  }));
  expect(sticky).toEqual({
    disabled: true,
    why: 'This browser removes notifications by its own rules and cannot keep them on screen.',
  });

  await options.click('#sound');
  await expect.poll(async () => (await settings()).sound).toBe(false);
  await options.click('#block-images');
  await expect.poll(async () => (await settings()).blockImages).toBe(true);
  await options.focus('[data-testid="retention"]');
  await options.keyboard.down('Control');
  await options.keyboard.press('a');
  await options.keyboard.up('Control');
  await options.keyboard.type('3');
  await options.keyboard.press('Enter');
  await expect.poll(async () => (await settings()).retentionDays).toBe(3);

  // Kept when the page is opened again. (A new tab: Puppeteer keeps no element handles of a
  // page it did not see navigate, and moz-extension:// navigations are not reported to it.)
  await options.close();
  const again = await openTab(ext, '/options.html');
  await waitUntil('the options again', async () => (await countOf(again, '#sound')) === 1);
  expect(
    await again.evaluate(() => [
      document.querySelector<HTMLInputElement>('#sound')!.checked,
      document.querySelector<HTMLInputElement>('#retention')!.value,
    ]),
  ).toEqual([false, '3']);
  await again.click('[data-testid="reset"]');
  await expect.poll(async () => (await settings()).sound).toBe(true);
  await again.close();
});

test('read and delete, in the full view and the popup, reach the server', async () => {
  const toggle = (mid: number) =>
    popup.click(`[data-testid="message-row"][data-mid="${mid}"] [data-testid="row-toggle-read"]`);
  // The full view marked the markdown and HTML messages read when it showed them.
  await expect.poll(() => badge(ext.bg)).toBe('1');
  await toggle(mids.text);
  await expect.poll(() => badge(ext.bg)).toBe('');
  await toggle(mids.markdown);
  await expect.poll(() => badge(ext.bg)).toBe('1');
  await popup.click(
    `[data-testid="message-row"][data-mid="${mids.html}"] [data-testid="row-delete"]`,
  );
  await expect.poll(() => storedMids(ext.bg)).not.toContain(mids.html);
  // The server hears of a delete only once its undo window has passed (DELETE_HOLD_MS, 15 s).
  await expect
    .poll(async () => (await ffStatus(ext.page)).counters.outboxPending, { timeout: 60_000 })
    .toBe(0);

  await expect
    .poll(async () => (await serverMessages(ext, server)).filter((m) => m.messageId < 900_000))
    .toEqual([
      { messageId: mids.markdown, read: false },
      { messageId: mids.text, read: true },
    ]);
  expect(await textOf(popup, '[data-testid="unread-count"]')).toBe('1 unread');
});

test('long markdown and HTML are rendered as they arrive, in a frame of the background page', async () => {
  const section = (i: number) =>
    `## Part ${i}\n\nSome **bold** text and a [link](https://example.com/${i}).\n\n- one\n- two\n\n`;
  const markdown = Array.from({ length: 200 }, (_, i) => section(i)).join('');
  const html = Array.from(
    { length: 200 },
    (_, i) =>
      `<h3>Report ${i}</h3><p>Value <b>${i}</b> <a href="https://example.com/${i}">details</a></p>`,
  ).join('');
  const md = (await send(server, { content: markdown, contentType: 3, summary: 'long md' }))
    .messageId;
  const long = (await send(server, { content: html, contentType: 2, summary: 'long html' }))
    .messageId;
  const renderedParts = () => renderedPartCounts(ext.bg, [md, long]);
  await waitUntil('both long messages to be rendered', async () =>
    (await renderedParts()).every((n) => n > 3),
  );
  // The renderer's frame, in the background page's own document.
  expect(
    await ext.bg.evaluate(() =>
      [...(self as unknown as Window).document.querySelectorAll('iframe')].map(
        (f) => new URL(f.src).pathname,
      ),
    ),
  ).toEqual(['/offscreen.html']);

  const view = await openTab(ext, `/message.html?id=${md}`);
  const shown = (selector: string) =>
    view.evaluate((selector) => {
      const host = document.querySelector('[data-testid="message-content"]');
      const root = host?.shadowRoot;
      return {
        rendered: host?.getAttribute('data-rendered') ?? null,
        count: root?.querySelectorAll(selector).length ?? 0,
        busy: !root?.querySelector('.wxp-body:not([aria-busy])'),
      };
    }, selector);
  await waitUntil('the markdown to show whole', async () => !(await shown('h2')).busy);
  expect(await shown('h2')).toEqual({ rendered: 'arrival', count: 200, busy: false });
  await navigate(ext, view, `/message.html?id=${long}`);
  await waitUntil('the HTML to show whole', async () => !(await shown('h3')).busy);
  expect(await shown('h3')).toEqual({ rendered: 'arrival', count: 200, busy: false });
  await view.close();
});
