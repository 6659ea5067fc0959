import { expect, test } from '../support/fixtures';

test.use({ baseURL: process.env.E2E_DOWN_WEB_URL });

test('with the API down, pages answer 503 with a friendly page, not a stack trace', async ({ page }) => {
  for (const path of ['/', '/products', '/p/anything']) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(503);
    expect(response?.headers()['retry-after']).toBeTruthy();
    await expect(page.getByRole('heading', { name: 'Soko will be right back' })).toBeVisible();
    await expect(page.locator('body')).not.toContainText(/Error|at \w+ \(/);
  }
});
