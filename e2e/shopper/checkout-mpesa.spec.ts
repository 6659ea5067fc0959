import { mainStack, uniqueEmail, PASSWORD } from '../support/accounts';
import { expectAccessible, expect, screenshots, test } from '../support/fixtures';
import { codeIn, waitForMail } from '../support/mailbox';
import { addFromListing, addressAndDelivery, cartControl, signInWithForm } from '../support/shop';

test('a new shopper registers, finds headphones with a typo, buys two items with sandbox M-Pesa and sees it paid without reloading', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const email = uniqueEmail('mpesa');
  await page.goto('/register');
  const since = Date.now();
  await page.getByLabel('Full name').fill('Achieng Otieno');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/verify/);
  await page
    .getByLabel('Verification code')
    .fill(codeIn(await waitForMail(mainStack().dataDir, email, since)));
  await page.getByRole('button', { name: 'Verify email' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signInWithForm(page, email);
  await expect(page).toHaveURL(/\/account$/);

  // A typo still finds headphones; the first in stock goes in, then something from the catalogue.
  await page.goto('/');
  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.fill('heaphones');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=heaphones/);
  await expect(
    page
      .locator('main article')
      .filter({ hasText: /headphone/i })
      .first(),
  ).toBeVisible();
  await addFromListing(page, page.url());
  await expect(cartControl(page)).toHaveAccessibleName('Cart, 1 item');
  await addFromListing(page, '/products', 1);
  await expect(cartControl(page)).toHaveAccessibleName('Cart, 2 items');

  await page.goto('/cart');
  await expect(page.getByTestId('cart-line')).toHaveCount(2);
  await screenshots(page, 'cart');
  await expectAccessible(page);

  // The drawer, then checkout.
  await cartControl(page).click();
  const drawer = page.getByRole('dialog', { name: /Your cart/ });
  await expect(drawer).toBeVisible();
  await screenshots(page, 'cart-drawer');
  await drawer.getByRole('link', { name: 'Check out' }).click();
  await expect(page).toHaveURL(/\/checkout\/address$/);
  await screenshots(page, 'checkout-address');
  await expectAccessible(page);
  await addressAndDelivery(page);
  await screenshots(page, 'checkout-shipping');
  await expectAccessible(page);

  // A coupon that does not apply says so and keeps the shopper on the step.
  await page.getByLabel('Coupon code (optional)').fill('NOSUCHCODE');
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await expect(page.locator('#coupon-error')).toContainText('Coupon NOSUCHCODE does not apply');
  await page.getByLabel('Coupon code (optional)').fill('');

  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await expect(page).toHaveURL(/\/checkout\/payment$/);
  await expect(page.getByTestId('test-mode')).toContainText('TEST MODE');
  await page.getByRole('radio', { name: /^M-Pesa/ }).check();
  await page.getByLabel('M-Pesa phone number').fill('0712 345 678');
  await expect(page.getByText('We will prompt +254712345678.')).toBeVisible();
  await screenshots(page, 'checkout-payment');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Review order' }).click();
  await expect(page).toHaveURL(/\/checkout\/review$/);
  // Reload and back keep the choices (they live in a cookie, not in the page).
  await page.reload();
  await expect(page.getByText('prompt to +254712345678')).toBeVisible();
  await expect(page.getByTestId('quote-total')).toBeVisible();
  await screenshots(page, 'checkout-review');
  await expectAccessible(page);

  // A marker in the page's memory: it survives client-side navigations, not a reload.
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  await page.getByRole('button', { name: /Place order and pay/ }).click();
  await expect(page).toHaveURL(/\/checkout\/pay\//);
  await expect(page.getByRole('heading', { name: 'Check your phone' })).toBeVisible();
  // The waiting screen turns into the confirmation by itself (the sandbox calls back after 8 s in these flows).
  await expect(page).toHaveURL(/\/checkout\/confirmation\//, { timeout: 20_000 });
  await expect(page.getByTestId('payment-status')).toHaveText('Paid');
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
    true,
  );
  await expect(cartControl(page)).toHaveAccessibleName('Cart, empty');
  await screenshots(page, 'checkout-confirmation');
  await expectAccessible(page);
});
