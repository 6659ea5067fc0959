import { expect, test } from '../support/fixtures';

test('with the network gone, a page navigation shows the offline page', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The service worker registers after hydration and caches /offline when it installs.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return Boolean(registration.active) && (await caches.has('soko-offline-v1'));
      }),
    )
    .toBe(true);
  await context.setOffline(true);
  await page.goto('/products').catch(() => undefined);
  await expect(page.getByRole('heading', { level: 1, name: 'You are offline' })).toBeVisible();
  await context.setOffline(false);
  await page.getByRole('link', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'New arrivals' })).toBeVisible();
});
