import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { buildFirefoxExtension } from '../../scripts/firefox-runner';
import { POPUP_CACHE_KEY } from '../../lib/ui/popup-cache-key';
import { bind, callWorker, expect, send, test } from '../e2e/fixtures';
import { startServer, type RunningServer } from '../e2e/server-process';
import { putRows, storedMids, type SeedRow } from '../e2e/worker-inspect';
import { openFirefox, openTab, waitUntil, type FirefoxExtension } from './harness';
import { clickAs, listIn, sidebarCall, type ListSnapshot } from './sidebar';

// The side panel in Firefox is the manifest's sidebar_action (docs/architecture.md §7): its
// page opened as the extension's page, then the real sidebar beside the page, reached through
// `extension.getViews({ type: 'sidebar' })`. One Firefox; each step builds on the one before.
test.describe.configure({ mode: 'serial' });

let server: RunningServer;
let ext: FirefoxExtension;
let panelPath = '';
const sent = { md: 0, html: 0 };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer();
  ext = await openFirefox(server);
});

test.afterAll(async () => {
  await ext?.close();
  await server?.stop();
});

/** A row from `daysAgo` days before today at noon (local time), as the worker stores one. */
function olderRow(mid: number, daysAgo: number, title: string): SeedRow {
  const day = new Date();
  day.setHours(12, 0, 0, 0);
  day.setDate(day.getDate() - daysAgo);
  const content = `${title}: the nightly job ran.`;
  return {
    mid,
    qid: `older${mid}`,
    title,
    name: 'cron',
    summary: '',
    content,
    contentType: 1,
    url: '',
    sourceUrl: '',
    createTime: day.getTime(),
    receivedAt: day.getTime(),
    unread: 1,
    searchText: `${title}\n${content}`.toLowerCase(),
  };
}

/** The list of the first tests' messages: previews, and each day under its heading. */
function expectTheList(list: ListSnapshot): void {
  expect(list.title).toBe('WxPusher messages');
  expect(list.mids).toEqual([sent.html, sent.md, 7001, 7000]);
  // Previews are the body's plain text: no markup, no script text.
  expect(list.previews).toEqual([
    'Deploy v2.3 is live',
    'Disk almost full db-2 is at 91%',
    'Backup yesterday: the nightly job ran.',
    'Old: the nightly job ran.',
  ]);
  expect(list.headings).toHaveLength(3);
  expect(list.order.slice(0, 6)).toEqual([
    'Today',
    String(sent.html),
    String(sent.md),
    'Yesterday',
    '7001',
    list.headings.find((h) => h !== 'Today' && h !== 'Yesterday'),
  ]);
}

const tabList = async (page: Page) => (await listIn(page, 'page'))!;
const sidebarView = (page: Page, click?: string) => listIn(page, 'sidebar', click);

test("the built manifest's sidebar is the list, and Firefox serves it as the add-on's panel", async () => {
  // The build openFirefox installed (the same folder: builds are made once per server).
  const dir = await buildFirefoxExtension(server.url);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    sidebar_action?: { default_panel?: string; default_title?: string };
  };
  expect(manifest.sidebar_action).toEqual({
    default_panel: 'sidepanel.html',
    default_title: '__MSG_extName__',
  });
  panelPath = `/${manifest.sidebar_action!.default_panel}`;
  // Firefox took it as the add-on's sidebar.
  expect(await sidebarCall(ext.page, 'getPanel')).toBe(`${ext.ff.origin}${panelPath}`);

  await bind(ext.page, server);
  // Both within the default retention (7 days): the background's startup prune, 10 s after it
  // starts (lib/worker/alarms.ts), drops anything older, and on a slow run that came before
  // the last test had listed the rows.
  await putRows(ext.page, [olderRow(7001, 1, 'Backup yesterday'), olderRow(7000, 5, 'Old')]);
  sent.md = (
    await send(server, {
      content: '## Disk almost full\n\n**db-2** is at *91%*',
      contentType: 3,
      summary: 'Disk alert',
    })
  ).messageId;
  sent.html = (
    await send(server, {
      content: '<p>Deploy <b>v2.3</b> is live<script>alert(1)</script></p>',
      contentType: 2,
      summary: 'Deploy done',
    })
  ).messageId;
});

test("the sidebar's page in a tab: previews, day headings, the full view inside it", async () => {
  const panel = await openTab(ext, panelPath, { width: 360, height: 720 });
  await waitUntil('the four rows', async () => (await tabList(panel)).mids.length === 4);
  const list = await tabList(panel);
  expectTheList(list);

  // A real click on the row opens the full view inside the panel, not in a tab.
  const tabs = (await ext.ff.browser.pages()).length;
  await panel.click(`[data-testid="message-row"][data-mid="${sent.md}"] .row-main`);
  await waitUntil(
    'the full view inside the panel',
    async () => (await tabList(panel)).messageTitle === 'Disk alert',
  );
  expect((await tabList(panel)).url).toBe(`${ext.ff.origin}/message.html?id=${sent.md}&in=panel`);
  expect(await ext.ff.browser.pages()).toHaveLength(tabs);
  await panel.click('[data-testid="back-to-list"]');
  await waitUntil('the list again', async () => (await tabList(panel)).mids.length === 4);
  expect((await tabList(panel)).url).toBe(`${ext.ff.origin}${panelPath}`);
  await waitUntil(
    'the opened message shown read',
    async () => !(await tabList(panel)).unread.includes(sent.md),
  );
  await panel.close();
});

test('the real sidebar: closed and opened by a user action, it shows the list and the full view', async () => {
  // A tab of the extension's own whose clicks stand for the user's (WebDriver input is
  // trusted input): sidebarAction.open and close refuse to run outside a user action.
  const control = await openTab(ext, '/icon/48.png', { width: 200, height: 200 });
  await expect(sidebarCall(control, 'open')).rejects.toThrow(/user input handler/);

  await clickAs(control, 'close');
  expect(await sidebarCall(control, 'isOpen')).toBe(false);
  // isOpen turns false at once; the sidebar's document can stay a moment longer (seen once in
  // CI: the view was still there right after the close).
  await waitUntil('the sidebar closed', async () => (await sidebarView(control)) === null);

  await clickAs(control, 'open');
  expect(await sidebarCall(control, 'isOpen')).toBe(true);
  await waitUntil('the sidebar to list the four messages', async () => {
    return (await sidebarView(control))?.mids.length === 4;
  });
  const list = (await sidebarView(control))!;
  expect(list.url).toBe(`${ext.ff.origin}${panelPath}`);
  expectTheList(list);
  // The sidebar is narrower than a popup: nothing is cut off sideways.
  expect(list.width).toBeGreaterThan(0);
  expect(list.scrollWidth).toBeLessThanOrEqual(list.width);

  // A message that arrives while it is open is listed at once.
  const live = (await send(server, { content: 'Certificate renewed', summary: 'TLS' })).messageId;
  await waitUntil(
    'the new message at the top of the sidebar',
    async () => (await sidebarView(control))?.mids[0] === live,
  );

  // Opening it shows its full view inside the sidebar; back returns to the list, read.
  await sidebarView(control, `[data-testid="message-row"][data-mid="${live}"] .row-main`);
  await waitUntil(
    'the full view inside the sidebar',
    async () => (await sidebarView(control))?.messageTitle === 'TLS',
  );
  expect((await sidebarView(control))!.url).toBe(
    `${ext.ff.origin}/message.html?id=${live}&in=panel`,
  );
  await sidebarView(control, '[data-testid="back-to-list"]');
  await waitUntil('the list in the sidebar again', async () => {
    const view = await sidebarView(control);
    return view?.url === `${ext.ff.origin}${panelPath}` && view.mids.length === 5;
  });
  // (The list may first paint the rows its last showing remembered, then the worker's.)
  await waitUntil(
    'the opened message shown read',
    async () => !(await sidebarView(control))?.unread.includes(live),
  );
  await control.close();
});

test("search in the panel's page finds the end of a long message, read from the index's tail", async () => {
  // Past the first 500 characters of its search text: the index keeps that part in a tail
  // record, which the list reads only once a search begins (docs/architecture.md §4).
  const long = (
    await send(server, {
      content: `${'Nightly build log line, nothing to see. '.repeat(40)}Walrus at the very end.`,
      summary: '',
    })
  ).messageId;
  await waitUntil('the long message stored', async () =>
    (await storedMids(ext.page)).includes(long),
  );
  await callWorker(ext.page, 'indexSearch');
  const panel = await openTab(ext, panelPath, { width: 360, height: 720 });
  await waitUntil('every row listed', async () => (await tabList(panel)).mids.length === 6);
  await panel.type('[data-testid="search"]', 'walrus');
  await waitUntil('the long message found', async () => {
    const { mids } = await tabList(panel);
    return mids.length === 1 && mids[0] === long;
  });
  await panel.close();
});

test("with nothing remembered, the panel's boot script reads the first page and the status (a cursor here)", async () => {
  // Firefox has no getAllRecords: the boot script (public/list-boot.js) reads the first page
  // with a cursor. Run again over the open panel with nothing remembered, it leaves the page it
  // read and the worker's answer for the app, as it does before the app loads.
  const panel = await openTab(ext, panelPath, { width: 360, height: 720 });
  await waitUntil('every row listed', async () => (await tabList(panel)).mids.length === 6);
  const listed = (await tabList(panel)).mids;
  const early = await panel.evaluate(async (cacheKey) => {
    localStorage.removeItem(cacheKey);
    const script = document.createElement('script');
    script.src = '/list-boot.js';
    const ran = new Promise((resolve) => (script.onload = resolve));
    document.head.append(script);
    await ran;
    type Left = { read: Promise<unknown>; changed: boolean } | undefined;
    const left = globalThis as unknown as Record<string, Left>;
    const page = (await left.__wxpEarlyPage?.read) as { rows: { mid: number }[] } | null;
    const status = (await left.__wxpEarlyStatus?.read) as {
      ok: boolean;
      result: { binding: { kind: string } };
    } | null;
    return { mids: page?.rows.map((r) => r.mid), status: status?.ok && status.result.binding.kind };
  }, POPUP_CACHE_KEY);
  expect(early).toEqual({ mids: listed, status: 'bound' });
  await panel.close();
});
