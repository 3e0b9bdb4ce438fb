import { bind, expect, test } from './fixtures';
import { extUrl } from './ui-helpers';
import { putRows } from './worker-inspect';

const MARKDOWN = '## Report\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee <https://example.com/x>.';

test('the message view knows every chunk it loads up front, the on-demand renderer too', async ({
  server,
  ext,
  extPage,
}) => {
  await bind(extPage, server);
  const now = Date.now();
  await putRows(extPage, [
    {
      mid: 1,
      qid: 'q1',
      title: 'Markdown',
      name: 'App',
      summary: 'Markdown',
      content: MARKDOWN,
      contentType: 3,
      url: '',
      sourceUrl: '',
      createTime: now,
      receivedAt: now,
      unread: 0,
      searchText: 'Markdown',
    },
  ]);

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

  // Every module the page ran is named in message.html as shipped (entry or modulepreload;
  // the loader adds links of its own at run time, so the file is read, not the live DOM): none
  // is fetched only after the code that imports it has run (docs/architecture.md §7).
  const named = await page.evaluate(async () => {
    const html = await (await fetch('/message.html')).text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return Array.from(
      doc.querySelectorAll('link[rel="modulepreload"], script[type="module"]'),
      (el) => el.getAttribute('href') ?? el.getAttribute('src') ?? '',
    );
  });
  const modules = scripts.filter((path) => path.startsWith('/chunks/'));
  expect(modules.some((path) => path.includes('/rich-'))).toBe(true);
  expect(modules.filter((path) => !named.includes(path))).toEqual([]);
});
