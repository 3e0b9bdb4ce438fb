import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { RunningServer } from './server-process';

/** Where page screenshots go: kept with the test results, so every page can be looked at. */
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

export function extUrl(extensionId: string, page: string): string {
  return `chrome-extension://${extensionId}/${page}`;
}

/** The popup's own size (entrypoints/popup/style.css). */
export const POPUP_SIZE = { width: 380, height: 560 };

/** Binds through the popup as a user would: read its code, confirm it on the server. */
export async function bindThroughPopup(popup: Page, server: RunningServer): Promise<void> {
  const code = (await popup.getByTestId('login-code').textContent())!.trim();
  const confirm = await popup.getByTestId('confirm-link').getAttribute('href');
  expect(confirm).toBe(`${server.url}/scan/${code}`);
  const response = await fetch(`${server.url}/scan/${code}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(((await response.json()) as { code: number }).code).toBe(1000);
  await expect(popup.getByTestId('connection-bar')).toBeVisible({ timeout: 10_000 });
}

/** Saves light and dark screenshots of `page` as `<name>-<lang>-<scheme>.png`. */
export async function screenshots(page: Page, name: string, lang: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${lang}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: null });
}

/**
 * axe on the page in both schemes: no serious or critical violation, so every page stays usable
 * with a keyboard and a screen reader, in light and dark.
 */
export async function expectAccessible(page: Page): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${colorScheme}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    expect(bad).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}
