import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { artifacts } from './servers';

/** Tests against the main stack; `baseURL` comes from global-setup. */
export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(process.env.E2E_WEB_URL);
  },
});
export { expect };

/** Saves full-page screenshots at 375 px and 1280 px under e2e/artifacts/screens/. */
export async function screenshots(page: Page, name: string) {
  const dir = path.join(artifacts, 'screens');
  mkdirSync(dir, { recursive: true });
  const original = page.viewportSize();
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** Fails on serious or critical axe violations at phone and desktop widths, listing them. */
export async function expectAccessible(page: Page) {
  const original = page.viewportSize();
  const bad = [];
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const results = await new AxeBuilder({ page }).analyze();
    bad.push(...results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'));
  }
  if (original) await page.setViewportSize(original);
  expect(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
  ).toEqual([]);
}
