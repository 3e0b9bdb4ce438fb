import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sendMessage } from './sender-client';
import type { ExtensionSession, SessionPage } from './session';

/** A step of the tour that failed, named so the user knows where it stopped. */
export class TourError extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`Step "${step}" failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'TourError';
  }
}

export interface TourOptions {
  session: ExtensionSession;
  serverUrl: string;
  credentials: { appToken: string; uid: string };
  demoDir: string;
  log: (line: string) => void;
}

/** The three sample messages, one per content type. */
export const SAMPLES = [
  {
    key: 'text',
    contentType: 1 as const,
    summary: 'Backup finished',
    content:
      'Backup finished: 42 GB in 6 min 12 s.\nNext run tonight at 02:00.\nLog: https://example.com/backups/42',
  },
  {
    key: 'html',
    contentType: 2 as const,
    summary: 'Your login code',
    content:
      '<h2 style="color:#07c160">Login code</h2><p>Use this code within 5 minutes:</p>' +
      '<p style="font-size:24px;letter-spacing:4px"><b>482 913</b></p>' +
      '<copy data-clipboard-text="482913" style="padding:4px 12px;border:1px solid #07c160">复制</copy>' +
      '<table><tr><th>Device</th><td>Chrome on Linux</td></tr><tr><th>Place</th><td>Shanghai</td></tr></table>',
  },
  {
    key: 'markdown',
    contentType: 3 as const,
    summary: 'Nightly build report',
    content:
      '# Nightly build report\n\n**main** built in 4 min — all green.\n\n' +
      '| suite | passed | failed |\n|---|---:|---:|\n| unit | 673 | 0 |\n| e2e | 12 | 0 |\n\n' +
      '- artifacts uploaded\n- [changelog](https://example.com/changelog)\n\n```sh\nnpm test\n```\n',
  },
];

type Status = {
  binding: { kind: string; code?: string };
  connection: { kind: string };
  counters: { notificationsRaised: number };
};

/** Calls the worker's typed protocol from an extension page (as the popup does). */
function callWorker<T>(page: SessionPage, type: string, data?: unknown): Promise<T> {
  return page.evaluate(
    async ([type, data]) => {
      // Firefox's promise-based API is `browser`; Chromium has both.
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      const r = (await api.runtime.sendMessage({ wxp: 1, type, data })) as
        { ok: true; result: unknown } | { ok: false; error: string };
      if (!r.ok) throw new Error(r.error);
      return r.result;
    },
    [type, data] as const,
  ) as Promise<T>;
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  ms = 20_000,
) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until `selector` matches at least `count` elements, then for fonts and two frames. */
async function rendered(page: SessionPage, selector: string, count = 1): Promise<void> {
  await waitFor(selector, () =>
    page.evaluate(([selector, count]) => document.querySelectorAll(selector).length >= count, [
      selector,
      count,
    ] as const),
  );
  await settled(page);
}

/** Waits for the page's fonts and two animation frames, so a screenshot shows it drawn. */
async function settled(page: SessionPage): Promise<void> {
  await page.evaluate(
    () =>
      document.fonts.ready.then(
        () =>
          new Promise<boolean>((done) =>
            requestAnimationFrame(() => requestAnimationFrame(() => done(true))),
          ),
      ),
    null,
  );
}

/** The ids of the notifications on screen, read from an extension page. */
function notificationIds(page: SessionPage): Promise<string[]> {
  return page.evaluate(async () => {
    const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
    return Object.keys(await api.notifications.getAll());
  }, null);
}

/**
 * The headless guided tour of `npm start`: binds through the server's confirm page, sends one
 * text, one HTML and one markdown message through the public sender API, waits for each
 * notification, and writes screenshots to `demoDir`. Throws a TourError naming the step. The
 * same steps run in Chromium and in Firefox.
 */
export async function runTour(opts: TourOptions): Promise<{ latenciesMs: number[] }> {
  const { session, log } = opts;
  mkdirSync(opts.demoDir, { recursive: true });
  let stepNo = 0;
  async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    stepNo++;
    const started = Date.now();
    try {
      const result = await fn();
      log(`  ✓ ${stepNo}. ${name} (${Date.now() - started} ms)`);
      return result;
    } catch (error) {
      log(`  ✗ ${stepNo}. ${name}`);
      throw new TourError(name, error);
    }
  }

  // The toolbar popup's own size (entrypoints/popup/style.css): nothing beside it in the shots.
  const popup = await session.newPage({ width: 380, height: 560 });
  await step('the extension connects to the server', async () => {
    await popup.goto('/popup.html');
    await waitFor('a connection', async () => {
      const s = await callWorker<Status>(popup, 'getStatus');
      return s.connection.kind === 'connected';
    });
  });

  const code = await step('the popup shows a login QR code', async () => {
    const s = await waitFor('a login code', async () => {
      const s = await callWorker<Status>(popup, 'getStatus');
      if (s.binding.kind === 'unbound') await callWorker(popup, 'requestLoginCode');
      return s.binding.kind === 'waiting' ? s : null;
    });
    await rendered(popup, '[data-testid="login-code"]');
    await popup.screenshot(path.join(opts.demoDir, 'popup-login.png'));
    return s.binding.code!;
  });

  await step('bind by confirming on the server’s confirm page', async () => {
    const confirm = await session.newPage();
    await confirm.goto(`${opts.serverUrl}/scan/${encodeURIComponent(code)}`);
    await confirm.click('button[type=submit], button');
    await waitFor('the binding', async () => {
      const s = await callWorker<Status>(popup, 'getStatus');
      return s.binding.kind === 'bound';
    });
    await confirm.close();
  });

  const latenciesMs: number[] = [];
  const mids: Record<string, number> = {};
  for (const sample of SAMPLES) {
    await step(`send a ${sample.key} message and see its notification`, async () => {
      const before = await notificationIds(popup);
      // Polls from an extension page, so the time is when the notification existed there.
      const seen = popup.evaluate(async (before: string[]) => {
        const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
        const end = Date.now() + 15_000;
        while (Date.now() < end) {
          const ids = Object.keys(await api.notifications.getAll());
          const id = ids.find((i) => !before.includes(i));
          if (id) return { id, at: Date.now() };
          await new Promise((r) => setTimeout(r, 2));
        }
        return null;
      }, before);
      const sentAt = Date.now();
      const [entry] = await sendMessage(opts.serverUrl, {
        appToken: opts.credentials.appToken,
        uids: [opts.credentials.uid],
        content: sample.content,
        contentType: sample.contentType,
        summary: sample.summary,
      });
      const shown = await seen;
      if (!shown) throw new Error('no notification within 15 s');
      mids[sample.key] = entry?.messageId ?? Number(shown.id.split(':')[1]);
      latenciesMs.push(shown.at - sentAt);
      log(`     ${sample.key}: ${shown.at - sentAt} ms from the send request to the notification`);
    });
  }

  await step(
    'screenshots of the popup (and dark, where the browser can show it), the side panel, the three message views and the options page',
    async () => {
      await popup.goto('/popup.html');
      await rendered(popup, '[data-testid="message-row"]', SAMPLES.length);
      await popup.screenshot(path.join(opts.demoDir, 'popup.png'));
      if (popup.emulateDark) {
        await popup.emulateDark(true);
        await settled(popup);
        await popup.screenshot(path.join(opts.demoDir, 'popup-dark.png'));
        await popup.emulateDark(false);
      }
      // The side panel's page at a side panel's size (a headless browser shows no panel).
      const panel = await session.newPage({ width: 360, height: 640 });
      await panel.goto('/sidepanel.html');
      await rendered(panel, '[data-testid="message-row"]', SAMPLES.length);
      await panel.screenshot(path.join(opts.demoDir, 'sidepanel.png'));
      await panel.close();
      const view = await session.newPage({ width: 900, height: 760 });
      for (const sample of SAMPLES) {
        await view.goto(`/message.html?id=${mids[sample.key]}`);
        // The content is drawn in a shadow root (docs/architecture.md §8).
        await waitFor(`the ${sample.key} message`, () =>
          view.evaluate(
            () =>
              (document.querySelector('[data-testid="message-content"]')?.shadowRoot
                ?.childElementCount ?? 0) > 0,
            null,
          ),
        );
        await settled(view);
        await view.screenshot(path.join(opts.demoDir, `message-${sample.key}.png`));
      }
      await view.goto('/options.html');
      await rendered(view, '[data-testid="binding-state"]');
      await view.screenshot(path.join(opts.demoDir, 'options.png'), { fullPage: true });
      await view.close();
    },
  );

  return { latenciesMs };
}
