import { buildExtension, launchExtension, type LaunchedExtension } from './extension';
import { expect, send, test } from './fixtures';
import type { RunningServer } from './server-process';
import { bindThroughPopup, expectAccessible, extUrl, POPUP_SIZE, screenshots } from './ui-helpers';
import { putRows, type SeedRow } from './worker-inspect';

/** The page titles each locale gives (entrypoints set them from the catalogue). */
const titles: Record<string, { popup: string; panel: string }> = {
  en: { popup: 'WxPusher Receiver', panel: 'WxPusher messages' },
  zh: { popup: 'WxPusher 消息接收', panel: 'WxPusher 消息列表' },
};

/** A message from `daysAgo` days before today, as the worker stores it. */
function earlier(mid: number, daysAgo: number, title: string): SeedRow {
  const day = new Date();
  day.setHours(9, 30, 0, 0);
  day.setDate(day.getDate() - daysAgo);
  const content = `${title}. All 214 checks passed.`;
  return {
    mid,
    qid: `earlier${mid}`,
    title,
    name: 'ci',
    summary: '',
    content,
    contentType: 1,
    url: '',
    sourceUrl: '',
    createTime: day.getTime(),
    receivedAt: day.getTime(),
    unread: 0,
    searchText: `${title}\n${content}\nci`.toLowerCase(),
  };
}

/** Every page, in both schemes: axe-checked (see expectAccessible) and photographed. */
async function tour(ext: LaunchedExtension, server: RunningServer, lang: string) {
  const popup = await ext.context.newPage();
  await popup.setViewportSize(POPUP_SIZE);
  await popup.goto(extUrl(ext.extensionId, 'popup.html'));
  await expect(popup.getByTestId('qr-image')).toBeVisible();
  await expect
    .poll(() => popup.getByTestId('qr-image').evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);
  await expectAccessible(popup);
  await screenshots(popup, 'popup-login', lang);

  await bindThroughPopup(popup, server);
  const html = await send(server, {
    content:
      '<h2>Deploy v2.3</h2><p>All checks <b>green</b> on <a href="https://example.com/ci">CI</a>.</p>' +
      '<ul><li>api: 12 s</li><li>web: 31 s</li></ul><copy data-clipboard-text="v2.3-build-77">Copy build id</copy>',
    contentType: 2,
    summary: 'Deploy v2.3 done',
  });
  await send(server, {
    content:
      '## Disk almost full\n\n| host | use |\n|---|---|\n| db-2 | **91%** |\n\n```\ndf -h /var\n```',
    contentType: 3,
    summary: 'Disk almost full on db-2',
  });
  await send(server, { content: 'Backup finished: 42 GB in 7 min.', summary: 'Backup finished' });
  // Two from earlier days, so the list shows its day headings.
  await putRows(ext.worker, [
    earlier(9_000_002, 1, 'Nightly build green'),
    earlier(9_000_001, 4, 'Certificate renewed'),
  ]);
  await popup.reload();
  await expect(popup.getByTestId('message-row')).toHaveCount(5);
  await expect(popup.getByTestId('day-heading')).toHaveCount(3);
  await popup.getByTestId('message-row').nth(1).hover();
  await expectAccessible(popup);
  await screenshots(popup, 'popup-list', lang);

  const panel = await ext.context.newPage();
  await panel.setViewportSize({ width: 360, height: 640 });
  await panel.goto(extUrl(ext.extensionId, 'sidepanel.html'));
  await expect(panel.getByTestId('message-row')).toHaveCount(5);
  await expect(panel).toHaveTitle(titles[lang]!.panel);
  await expectAccessible(panel);
  await screenshots(panel, 'sidepanel', lang);
  await panel.getByTestId('message-row').first().locator('.row-main').click();
  await expect(panel.getByTestId('back-to-list')).toBeVisible();
  await expectAccessible(panel);
  await screenshots(panel, 'sidepanel-message', lang);
  await panel.close();
  await popup.goto(extUrl(ext.extensionId, 'popup.html?tab=1'));
  await expect(popup).toHaveTitle(titles[lang]!.popup);
  await popup.setViewportSize(POPUP_SIZE);
  await popup.goto(extUrl(ext.extensionId, 'popup.html'));

  const view = await ext.context.newPage();
  await view.setViewportSize({ width: 900, height: 640 });
  await view.goto(extUrl(ext.extensionId, `message.html?id=${html.messageId}`));
  await expect(view.getByTestId('message-content').locator('h2')).toBeVisible();
  await expectAccessible(view);
  await screenshots(view, 'message', lang);

  await view.goto(extUrl(ext.extensionId, 'message.html?id=999999'));
  await expect(view.getByTestId('message-missing')).toBeVisible();
  await expectAccessible(view);

  const options = await ext.context.newPage();
  await options.setViewportSize({ width: 900, height: 1400 });
  await options.goto(extUrl(ext.extensionId, 'options.html'));
  await expect(options.getByTestId('server-url')).toBeVisible();
  await expectAccessible(options);
  await screenshots(options, 'options', lang);
  return { popup };
}

test('pages in English: accessible, light and dark', async ({ server, ext }) => {
  // axe in two schemes on five pages: about a minute on an idle machine, more on a busy one.
  test.slow();
  const { popup } = await tour(ext, server, 'en');
  await expect(popup.getByTestId('connection-state')).toHaveText('Connected');
});

test('pages in Chinese: accessible, light and dark', async ({ server }) => {
  test.slow();
  // Chromium picks its UI language from --lang and LANGUAGE (tooling notes).
  const saved = process.env.LANGUAGE;
  process.env.LANGUAGE = 'zh_CN';
  const ext = await launchExtension(await buildExtension(server.url), { args: ['--lang=zh-CN'] });
  if (saved === undefined) delete process.env.LANGUAGE;
  else process.env.LANGUAGE = saved;
  try {
    const { popup } = await tour(ext, server, 'zh');
    await expect(popup.getByTestId('connection-state')).toHaveText('已连接');
    // The newest message's age in Chinese: "just now", or minutes when the tour ran long.
    await expect(popup.locator('time').first()).toHaveText(/^(刚刚|\d+\s*分钟前)$/);
    // Dates follow the catalogue's language, even where Chromium reports en_US as its locale.
    await expect(popup.locator('time').first()).toHaveAttribute('title', /\d+年\d+月\d+日/);
    await expect(popup.getByTestId('day-heading').first()).toHaveText('今天');
    await expect(popup.getByTestId('unread-only')).toHaveText('仅未读');
  } finally {
    await ext.close();
  }
});
