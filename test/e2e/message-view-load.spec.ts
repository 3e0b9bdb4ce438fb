import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { splitServed } from '../../lib/ui/served-row';
import { buildExtension, launchExtension } from './extension';
import type { RunningServer } from './server-process';
import { bind, callWorker, expect, send, test } from './fixtures';
import { extUrl } from './ui-helpers';
import { putRows, renderedPartCounts, type SeedRow } from './worker-inspect';

const MARKDOWN = '## Report\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee <https://example.com/x>.';

/** A stored row of the bound account, received now. */
function row(
  mid: number,
  title: string,
  content: string,
  contentType: SeedRow['contentType'],
): SeedRow {
  const now = Date.now();
  return {
    mid,
    qid: `q${mid}`,
    title,
    name: 'App',
    summary: title,
    content,
    contentType,
    url: '',
    sourceUrl: '',
    createTime: now,
    receivedAt: now,
    unread: 0,
    searchText: title,
  };
}

/**
 * A copy of the build (folder `${build}-${name}`) whose worker runs `listener(template)` first
 * (`template`: the packaged message.html), launched, bound and holding `rows`; the caller closes
 * `ext`.
 */
async function launchWithListener(
  server: RunningServer,
  name: string,
  listener: (template: string) => string,
  rows: SeedRow[],
) {
  const built = await buildExtension(server.url);
  const dir = `${built}-${name}`;
  rmSync(dir, { recursive: true, force: true });
  cpSync(built, dir, { recursive: true });
  const script = listener(readFileSync(`${dir}/message.html`, 'utf8'));
  writeFileSync(`${dir}/background.js`, script + readFileSync(`${dir}/background.js`, 'utf8'));
  const ext = await launchExtension(dir);
  try {
    const extPage = await ext.context.newPage();
    await extPage.goto(extUrl(ext.extensionId, 'offscreen.html'));
    await bind(extPage, server);
    await putRows(extPage, rows);
    return { ext, extPage };
  } catch (error) {
    await ext.close();
    throw error;
  }
}

test('the message view loads its code as one script, the markdown renderer in it', async ({
  server,
  ext,
  extPage,
}) => {
  await bind(extPage, server);
  await putRows(extPage, [row(1, 'Markdown', MARKDOWN, 3)]);

  const page = await ext.context.newPage();
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await page.goto(extUrl(ext.extensionId, 'message.html?id=1'));
  // Rendered by the on-demand renderer (sanitiser and markdown parser): a table, a safe link.
  const content = page.getByTestId('message-content');
  await expect(content.locator('table td').first()).toHaveText('1');
  await expect(content.locator('a[href="https://example.com/x"]')).toHaveAttribute(
    'rel',
    'noopener noreferrer',
  );

  // Two scripts and no module: the early read and the page's code, the sanitiser and the
  // markdown parser included (docs/architecture.md §7).
  expect([...scripts].sort()).toEqual(['/message-app.js', '/message-early.js']);
  expect(await page.evaluate(() => document.querySelectorAll('script[type="module"]').length)).toBe(
    0,
  );
});

test('the full view holds remote images back as the settings say, read beside its code', async ({
  server,
  ext,
  extPage,
}) => {
  await bind(extPage, server);
  await putRows(extPage, [
    row(2, 'Chart', '<p>Chart</p><img src="https://example.com/chart.png" alt="chart">', 2),
  ]);
  const open = async () => {
    const page = await ext.context.newPage();
    await page.goto(extUrl(ext.extensionId, 'message.html?id=2'));
    await expect(page.getByTestId('message-content').locator('p')).toHaveText('Chart');
    return page;
  };

  await callWorker(extPage, 'updateSettings', { patch: { blockImages: true } });
  const held = await open();
  // Read by message-early.js, not by the page's code after it loaded.
  const early = await held.evaluate(
    () => (globalThis as { __wxpEarlySettings?: Promise<unknown> }).__wxpEarlySettings,
  );
  expect(early).toMatchObject({ settings: { blockImages: true } });
  const content = held.getByTestId('message-content');
  await expect(content.locator('.wxp-image-blocked')).toHaveCount(1);
  await expect(content.locator('img')).toHaveCount(0);
  await content.locator('.wxp-load-images').click();
  await expect(content.locator('img[src="https://example.com/chart.png"]')).toHaveCount(1);
  await held.close();

  await callWorker(extPage, 'updateSettings', { patch: { blockImages: false } });
  const shown = await open();
  await expect(
    shown.getByTestId('message-content').locator('img[src="https://example.com/chart.png"]'),
  ).toHaveCount(1);
  await expect(shown.getByTestId('message-content').locator('.wxp-image-blocked')).toHaveCount(0);
  await shown.close();
});

test('a long message paints a full first screen, and little more, before the rest', async ({
  server,
  ext,
  extPage,
}) => {
  await bind(extPage, server);
  const section = (i: number) =>
    `## Section ${i}\n\nSome **bold** text and a [link](https://example.com/${i}).\n\n` +
    `- item one\n- item two\n\n| a | b |\n|---|---|\n| ${i} | ${i * 2} |\n\n`;
  const content = Array.from({ length: 300 }, (_, i) => section(i)).join('');
  await putRows(extPage, [row(3, 'Long', content, 3)]);

  const page = await ext.context.newPage();
  // What the first task put on screen, seen as it ends (a mutation observer's callback runs
  // then): how far down the content reaches, in window heights, and whether more is to come.
  await page.addInitScript(() => {
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init: ShadowRootInit) {
      const root = attach.call(this, init);
      const seen = new MutationObserver(() => {
        const body = root.querySelector('.wxp-body');
        if (!body) return;
        seen.disconnect();
        (globalThis as { __firstTask?: unknown }).__firstTask = {
          screens: body.getBoundingClientRect().bottom / innerHeight,
          busy: body.getAttribute('aria-busy'),
        };
      });
      seen.observe(root, { childList: true });
      return root;
    };
  });
  await page.goto(extUrl(ext.extensionId, 'message.html?id=3'));
  const body = page.getByTestId('message-content').locator('.wxp-body');
  await expect(body).not.toHaveAttribute('aria-busy', /.*/);
  await expect(body.locator('h2')).toHaveCount(300);
  const first = await page.evaluate(
    () => (globalThis as { __firstTask?: { screens: number; busy: string | null } }).__firstTask,
  );
  // The window is filled, and the first paint had at most about one more screen to build and
  // lay out: parts start at 250 characters (lib/render/parts.ts); with 1 000 this reached 4 screens.
  expect(first?.busy).toBe('true');
  expect(first?.screens).toBeGreaterThanOrEqual(1);
  expect(first?.screens).toBeLessThan(2.5);
});

test('long HTML shows every node once, also when its end changes how its start parses', async ({
  server,
  ext,
  extPage,
}) => {
  await bind(extPage, server);
  // The first parts come from a parse of the first 4 000 characters (lib/render/html-parts.ts).
  const filler = (n: number) => '<p>filler paragraph</p>'.repeat(n);
  const rows = [
    // Ordinary: every block once, in order.
    row(
      11,
      'Blocks',
      Array.from({ length: 300 }, (_, i) => `<h3>B${i}</h3><p>v ${i}</p>`).join(''),
      2,
    ),
    // A span moved out of a table stays open across the 4 000th character: the start restarts.
    row(
      12,
      'Fostered',
      `${filler(100)}<table><span>${'x'.repeat(4_000)}</span></table>${filler(100)}`,
      2,
    ),
    // A frameset after empty elements replaces the body: nothing to show, as in one go.
    row(13, 'Frameset', `${'<div></div>'.repeat(800)}<frameset><frame></frameset>`, 2),
  ];
  await putRows(extPage, rows);

  const open = async (mid: number) => {
    const page = await ext.context.newPage();
    await page.goto(extUrl(ext.extensionId, `message.html?id=${mid}`));
    const body = page.getByTestId('message-content').locator('.wxp-body');
    await expect(body).toBeAttached();
    await expect(body).not.toHaveAttribute('aria-busy', /.*/);
    return { page, body };
  };

  const blocks = await open(11);
  const headings = await blocks.body.locator('h3').allTextContents();
  expect(headings).toEqual(Array.from({ length: 300 }, (_, i) => `B${i}`));
  await blocks.page.close();

  const fostered = await open(12);
  await expect(fostered.body.locator('p')).toHaveCount(200);
  expect(await fostered.body.locator('span').allTextContents()).toEqual(['x'.repeat(4_000)]);
  await fostered.page.close();

  const frameset = await open(13);
  await expect(frameset.body.locator('*')).toHaveCount(0);
  await frameset.page.close();
});

test('the worker serves the full view with its row in it; stopped, the package serves it', async ({
  server,
  ext,
  extPage,
}) => {
  await bind(extPage, server);
  // Text that would end a script block or open a comment, were it put into the page as it is.
  const title = '</script><script>document.title="ran"</script><!--';
  await putRows(extPage, [row(4, title, 'body </SCRIPT> <!-- -->', 1)]);
  const served = (page: import('@playwright/test').Page) =>
    page.evaluate(() => ({
      mark: document.querySelector('meta[name="wxp-served"]') !== null,
      row: document.getElementById('wxp-served-row')?.getAttribute('type') ?? null,
      title: document.title,
    }));
  /** The files the page asks the worker for (a served page names them `?served`). */
  const askedOfWorker = (page: import('@playwright/test').Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('script[src], link[rel="stylesheet"]')]
        .map((el) => el.getAttribute('src') ?? el.getAttribute('href') ?? '')
        .filter((name) => name.endsWith('?served'))
        .map((name) => name.replace(/-[\w-]+\.css/, '.css'))
        .sort(),
    );
  /** The files the page took from the renderer's memory cache (a hit has a timing entry). */
  const fromMemory = (page: import('@playwright/test').Page) =>
    page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name))
        .map((url) => url.pathname.replace(/-[\w-]+\.css/, '.css') + url.search)
        .sort(),
    );

  // Running: served, the row in a JSON block, shown as text; no script of the sender's ran.
  const page = await ext.context.newPage();
  await page.goto(extUrl(ext.extensionId, 'message.html?id=4'));
  await expect(page.getByTestId('message-title')).toHaveText(title);
  await expect(page.getByTestId('message-content')).toContainText('body </SCRIPT> <!-- -->');
  // The page names itself after the message (entrypoints/message/App.tsx), as text: not "ran".
  expect(await served(page)).toEqual({ mark: true, row: 'application/json', title });
  // Its code and stylesheet asked of the worker too, the early read of the package; answered by
  // the worker, they are kept in the renderer's memory cache, where the next open finds them
  // without a request (docs/architecture.md §7).
  const named = ['/assets/message.css?served', '/message-app.js?served'];
  expect(await askedOfWorker(page)).toEqual(named);
  const again = await ext.context.newPage();
  await again.goto(extUrl(ext.extensionId, 'message.html?id=4'));
  await expect(again.getByTestId('message-title')).toHaveText(title);
  expect(await fromMemory(again)).toEqual(named);
  await again.close();
  // The setting the content renders with, read by the worker beside the row.
  expect(
    await page.evaluate(
      () => JSON.parse(document.getElementById('wxp-served-row')!.textContent!).blockImages,
    ),
  ).toBe(false);

  // A message the worker does not have: served without a row, the page reads and says so.
  await page.goto(extUrl(ext.extensionId, 'message.html?id=999'));
  await expect(page.getByTestId('message-missing')).toBeVisible();
  expect((await served(page)).row).toBeNull();

  // Stopped: the static route sends the page to the package without waking the worker, and the
  // page reads the row itself.
  const cdp = await ext.context.newCDPSession(extPage);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  const plain = await ext.context.newPage();
  await plain.goto(extUrl(ext.extensionId, 'message.html?id=4'));
  await expect(plain.getByTestId('message-title')).toHaveText(title);
  expect(await served(plain)).toMatchObject({ mark: false, row: null });
  expect(await askedOfWorker(plain)).toEqual([]);
});

test('a page whose code the worker was handing out when it stopped starts all the same', async ({
  server,
}) => {
  test.setTimeout(90_000);
  // A copy of the build whose worker takes the first request for each page's code and never
  // answers it (later ones get the package's): stopped right there, as a worker killed while it
  // answered would be. What it took is noted in its session storage, which outlives it.
  const stall = () => `self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (!['/message-app.js', '/popup-app.js'].includes(url.pathname) || url.search !== '?served') return;
  event.stopImmediatePropagation();
  event.respondWith(chrome.storage.session.get(url.pathname).then((held) =>
    held[url.pathname]
      ? fetch(url.pathname)
      : chrome.storage.session.set({ [url.pathname]: true }).then(() => new Promise(() => {})),
  ));
});
`;
  const { ext, extPage } = await launchWithListener(server, 'stall-code', stall, [
    row(6, 'Held code', 'the body', 1),
  ]);
  try {
    const cdp = await ext.context.newCDPSession(extPage);
    await cdp.send('ServiceWorker.enable');
    /** Whether the worker took a request for `path` (and never answered it). */
    const held = async (path: string) =>
      (await extPage.evaluate((key) => chrome.storage.session.get(key), path))[path] === true;

    // The full view: parsed, served, its code held; the worker stops. Seen here: Chrome starts the
    // worker again and asks it again, and the page starts at once. Had the request failed, the
    // page would load again from the package five seconds after its early read (served-row.ts).
    const page = await ext.context.newPage();
    await page.goto(extUrl(ext.extensionId, 'message.html?id=6'), { waitUntil: 'commit' });
    await expect.poll(() => held('/message-app.js')).toBe(true);
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expect(page.getByTestId('message-title')).toHaveText('Held code', { timeout: 20_000 });
    await expect(page.getByTestId('message-content')).toContainText('the body');

    // The popup, the same way; had the request failed, its boot script would ask for the code
    // once more, from the package (public/list-boot.js).
    await callWorker(extPage, 'getStatus');
    const popup = await ext.context.newPage();
    await popup.goto(extUrl(ext.extensionId, 'popup.html'), { waitUntil: 'commit' });
    await expect.poll(() => held('/popup-app.js')).toBe(true);
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expect(popup.getByTestId('message-row')).toHaveCount(1, { timeout: 20_000 });
    await expect(popup.getByTestId('message-row')).toContainText('Held code');
  } finally {
    await ext.close();
  }
});

test('a served page the worker is stopped in the middle of sending is loaded again', async ({
  server,
}) => {
  test.setTimeout(90_000);
  // A copy of the build whose worker, for one address, sends the page's head and then nothing:
  // it is stopped right there, as a worker killed while it read the row would be.
  const stall = (template: string) => `self.addEventListener('fetch', (event) => {
  if (!event.request.url.includes('stall=1') || self.__stalled) return;
  self.__stalled = true;
  event.stopImmediatePropagation();
  event.respondWith(new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(${JSON.stringify(splitServed(template)!.head)})); } }), { headers: { 'content-type': 'text/html; charset=utf-8' } }));
});
`;
  const { ext, extPage } = await launchWithListener(server, 'stall', stall, [
    row(5, 'Cut short', 'the body', 1),
  ]);
  try {
    const page = await ext.context.newPage();
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    await page.goto(extUrl(ext.extensionId, 'message.html?id=5&stall=1'), { waitUntil: 'commit' });
    await expect
      .poll(() => page.evaluate(() => document.querySelector('meta[name="wxp-served"]') !== null))
      .toBe(true);
    const cdp = await ext.context.newCDPSession(extPage);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    // Left loading, without its code; SERVED_CUT_MS after its early read it loads again.
    await expect(page.getByTestId('message-title')).toHaveText('Cut short', { timeout: 20_000 });
    await expect(page.getByTestId('message-content')).toContainText('the body');
    expect(loads).toHaveLength(1);
  } finally {
    await ext.close();
  }
});

test('long content is rendered in the offscreen document as it arrives, and opens as rendered then', async ({
  server,
  ext,
  extPage,
}) => {
  await bind(extPage, server);
  // Only the offscreen document answers a render from here on (extPage is offscreen.html too).
  await extPage.goto(extUrl(ext.extensionId, 'options.html'));
  const hostile =
    '<img src=x onerror="document.title=\'img\'"><script>document.title="ran"</script>';
  const markdown = Array.from(
    { length: 200 },
    (_, i) => `## Part ${i}\n\nText with [a link](https://example.com/${i}) and **bold**.\n\n`,
  ).join('');
  const html =
    '<p>filler paragraph</p>'.repeat(400) +
    '<p>End</p><img src="https://example.com/end.png" alt="end">' +
    `<copy data-clipboard-text="code-1">Copy it</copy>${hostile}`;
  const mdId = (await send(server, { content: markdown, contentType: 3 })).messageId;
  const htmlId = (await send(server, { content: html, contentType: 2 })).messageId;
  const short = (await send(server, { content: '## Short', contentType: 3 })).messageId;

  /** How many rendered parts each row holds (0: none, or no row yet). */
  const renderedParts = (mids: number[]) => renderedPartCounts(extPage, mids);
  await expect
    .poll(async () => Math.min(...(await renderedParts([mdId, htmlId]))), { timeout: 15_000 })
    .toBeGreaterThan(0);
  const [mdParts, htmlParts] = await renderedParts([mdId, htmlId]);
  expect(mdParts).toBeGreaterThan(3);
  expect(htmlParts).toBeGreaterThan(3);
  expect(await renderedParts([short])).toEqual([0]);
  // Rendered in Chrome's offscreen document, which the worker made for it.
  expect(
    await ext.worker.evaluate(
      async () =>
        (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as never] }))
          .length,
    ),
  ).toBe(1);

  await callWorker(extPage, 'updateSettings', { patch: { blockImages: true } });
  const open = async (mid: number) => {
    const page = await ext.context.newPage();
    await page.goto(extUrl(ext.extensionId, `message.html?id=${mid}`));
    const content = page.getByTestId('message-content');
    await expect(content).toHaveAttribute('data-rendered', 'arrival');
    await expect(content.locator('.wxp-body')).not.toHaveAttribute('aria-busy', /.*/);
    return { page, content };
  };
  const md = await open(mdId);
  await expect(md.content.locator('h2')).toHaveCount(200);
  // Served with its rendering and without its content, which "copy text" reads when clicked.
  const block = await md.page.evaluate(() =>
    JSON.parse(document.getElementById('wxp-served-row')?.textContent ?? 'null'),
  );
  expect(block).toMatchObject({ message: { content: '' }, contentLength: markdown.length });
  await md.page.evaluate(() => {
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text: string) => {
      (window as unknown as { copied: string }).copied = text;
      return write(text);
    };
  });
  await md.page.getByTestId('copy-text').click();
  await expect(md.page.getByTestId('copy-text')).toHaveText('Copied');
  const copied = await md.page.evaluate(() => (window as unknown as { copied: string }).copied);
  expect(copied).toContain('Part 199');
  expect(copied).not.toContain('##');
  await expect(md.content.locator('a[href="https://example.com/199"]')).toHaveAttribute(
    'target',
    '_blank',
  );
  await md.page.close();

  const shown = await open(htmlId);
  await expect(shown.content.locator('p')).toHaveCount(401);
  // The remote image is held back; `src=x` (no allowed scheme) was dropped when it was rendered.
  await expect(shown.content.locator('.wxp-image-blocked')).toHaveCount(1);
  await expect(shown.content.locator('img')).toHaveCount(0);
  await shown.content.locator('.wxp-load-images').click();
  await expect(shown.content.locator('img[src="https://example.com/end.png"]')).toHaveCount(1);
  await expect(shown.content.locator('button.wxp-copy')).toHaveText('Copy it');
  await expect(shown.content.locator('script')).toHaveCount(0);
  expect(await shown.page.title()).not.toMatch(/^(ran|img)$/);

  // The same tree as rendered on opening: the row without its rendering renders live.
  const rendered = await shown.content.evaluate((host) => host.shadowRoot!.innerHTML);
  await extPage.evaluate(
    (mid) =>
      new Promise<void>((resolve) => {
        const open = indexedDB.open('wxpusher');
        open.onsuccess = () => {
          const tx = open.result.transaction('messages', 'readwrite');
          const store = tx.objectStore('messages');
          const cursor = store.openCursor();
          cursor.onsuccess = () => {
            const at = cursor.result;
            if (!at) return;
            const row = at.value as { mid: number; rendered?: unknown };
            if (row.mid === mid) {
              delete row.rendered;
              at.update(row);
            }
            at.continue();
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
    htmlId,
  );
  const live = await ext.context.newPage();
  await live.goto(extUrl(ext.extensionId, `message.html?id=${htmlId}`));
  const liveContent = live.getByTestId('message-content');
  await expect(liveContent.locator('.wxp-body')).toBeAttached();
  await expect(liveContent.locator('.wxp-body')).not.toHaveAttribute('aria-busy', /.*/);
  expect(await liveContent.getAttribute('data-rendered')).toBeNull();
  await liveContent.locator('.wxp-load-images').click();
  expect(await liveContent.evaluate((host) => host.shadowRoot!.innerHTML)).toBe(rendered);
  await live.close();
  await shown.page.close();
});
