import { bind, expect, test } from './fixtures';
import { extUrl } from './ui-helpers';
import { putRows } from './worker-inspect';

const MARKDOWN = '## Report\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee <https://example.com/x>.';

test('the message view loads its code as one script, the markdown renderer in it', async ({
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

  // Two scripts and no module: the early read and the page's code, the sanitiser and the
  // markdown parser included (docs/architecture.md §7).
  expect([...scripts].sort()).toEqual(['/message-app.js', '/message-early.js']);
  expect(await page.evaluate(() => document.querySelectorAll('script[type="module"]').length)).toBe(
    0,
  );
});
