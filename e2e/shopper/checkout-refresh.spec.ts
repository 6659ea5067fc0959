import { createVerifiedUser, shortStack } from '../support/accounts';
import { expect, test } from '../support/fixtures';
import { addFromListing, addressAndDelivery, deliveryAndPayment, signInWithForm } from '../support/shop';

// This stack's API hands out access tokens that live 4 seconds: the checkout below outlives several.
test.use({ baseURL: process.env.E2E_SHORT_WEB_URL });

test('the access token is refreshed silently through a whole checkout, paid over /ws', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const { email } = await createVerifiedUser(request, shortStack());
  await signInWithForm(page, email);
  await expect(page).toHaveURL(/\/account$/);
  const firstToken = (await page.context().cookies()).find((c) => c.name === 'soko_at')?.value;

  await addFromListing(page, '/products');
  await page.goto('/checkout');
  await addressAndDelivery(page);
  await deliveryAndPayment(page, /^M-Pesa/, '0712345678');
  await page.getByRole('button', { name: /Place order and pay/ }).click();
  await expect(page).toHaveURL(/\/checkout\/(pay|confirmation)\//);
  await expect(page).toHaveURL(/\/checkout\/confirmation\//, { timeout: 20_000 });
  await expect(page.getByTestId('payment-status')).toHaveText('Paid');

  // Still signed in, on a token issued after the first one expired.
  const lastToken = (await page.context().cookies()).find((c) => c.name === 'soko_at')?.value;
  expect(lastToken).toBeDefined();
  expect(lastToken).not.toBe(firstToken);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/account$/);
});
