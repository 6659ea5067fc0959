import { createVerifiedUser, mainStack } from '../support/accounts';
import { expectAccessible, expect, screenshots, test } from '../support/fixtures';
import { cartControl, readyToPlace } from '../support/shop';

test('M-Pesa with the failing sandbox phone shows the reason, and a retry with another phone pays', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const { email } = await createVerifiedUser(request, mainStack());
  await readyToPlace(page, email, /^M-Pesa/, '0700 000 001');
  await expect(page.getByText('prompt to +254700000001')).toBeVisible();
  await page.getByRole('button', { name: /Place order and pay/ }).click();
  await expect(page).toHaveURL(/\/checkout\/pay\//);
  await expect(page.getByRole('heading', { name: 'Check your phone' })).toBeVisible();

  // The sandbox answers "insufficient funds" for this phone: the page says so by itself.
  const failure = page.getByTestId('payment-failure');
  await expect(failure).toContainText('The payment did not go through', { timeout: 20_000 });
  await expect(failure).toContainText('balance is not enough');
  await expect(page.getByTestId('test-mode')).toContainText('TEST MODE');
  await screenshots(page, 'pay-mpesa-failed');
  await expectAccessible(page);

  await page.getByLabel('M-Pesa phone number').fill('+254 712 345 678');
  await page.getByRole('button', { name: /Send M-Pesa prompt/ }).click();
  await expect(page.getByRole('heading', { name: 'Check your phone' })).toBeVisible();
  await expect(page).toHaveURL(/\/checkout\/confirmation\//, { timeout: 20_000 });
  await expect(page.getByTestId('payment-status')).toHaveText('Paid');
});

test('a declined card shows the reason, then a good card pays', async ({ page, request }) => {
  test.setTimeout(180_000);
  const { email } = await createVerifiedUser(request, mainStack());
  await readyToPlace(page, email, /^Card/);
  await page.getByRole('button', { name: /Place order and pay/ }).click();
  await expect(page).toHaveURL(/\/checkout\/pay\//);
  await expect(page.getByRole('radio', { name: /Card/ })).toBeChecked();
  await expect(page.getByTestId('test-mode')).toContainText('TEST MODE');
  await screenshots(page, 'pay-card');
  await expectAccessible(page);

  await page.getByLabel('Card number').fill('4000 0000 0000 0002');
  await page.getByRole('button', { name: /^Pay KES/ }).click();
  await expect(page.locator('#card-number-error')).toContainText('Your card was declined.');
  await screenshots(page, 'pay-card-declined');
  await expectAccessible(page);

  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: /^Pay KES/ }).click();
  await expect(page).toHaveURL(/\/checkout\/confirmation\//, { timeout: 20_000 });
  await expect(page.getByTestId('payment-status')).toHaveText('Paid');
});

test('cash on delivery goes straight to the confirmation', async ({ page, request }) => {
  test.setTimeout(120_000);
  const { email } = await createVerifiedUser(request, mainStack());
  await readyToPlace(page, email, /^Cash on delivery/);
  // A double click places one order: the button is disabled and the key is the same.
  await page.getByRole('button', { name: /^Place order · KES/ }).dblclick();
  await expect(page).toHaveURL(/\/checkout\/confirmation\//);
  await expect(page.getByTestId('payment-status')).toHaveText('Pay on delivery');
  await expect(cartControl(page)).toHaveAccessibleName('Cart, empty');
  const orders = await page.request.get(`${mainStack().apiUrl}/api/v1/orders`, {
    headers: {
      authorization: `Bearer ${(await page.context().cookies()).find((c) => c.name === 'soko_at')!.value}`,
    },
  });
  expect((await orders.json()).total).toBe(1);
  // Reloading the confirmation, or going back to checkout, places nothing more.
  await page.reload();
  await expect(page.getByTestId('payment-status')).toHaveText('Pay on delivery');
  await page.goto('/checkout/review');
  await expect(page).toHaveURL(/\/cart$/);
});
