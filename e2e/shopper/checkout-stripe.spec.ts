import { randomBytes } from 'node:crypto';
import { test as base, expect } from '@playwright/test';
import { createVerifiedUser } from '../support/accounts';
import { fakeStripeJs, startFakeStripe, type FakeStripe } from '../support/fake-stripe';
import { screenshots, expectAccessible } from '../support/fixtures';
import { startStack, type Stack } from '../support/servers';
import { readyToPlace } from '../support/shop';

// Live Stripe is not reachable from the test machines: the API runs with live-looking keys against
// a fake Stripe API (`STRIPE_API_URL`), and the browser's js.stripe.com and api.stripe.com requests
// are answered here by a fake Stripe.js. The publishable key is drawn per run, so it can only
// reach the page at run time (the build never saw it).
const WEBHOOK_SECRET = 'whsec_e2e_fake_stripe';

const test = base.extend<object, { stripe: { stack: Stack; fake: FakeStripe; publishableKey: string } }>({
  stripe: [
    async ({}, use) => {
      const fake = await startFakeStripe(WEBHOOK_SECRET);
      const publishableKey = `pk_live_e2e${randomBytes(6).toString('hex')}`;
      const stack = await startStack(
        'stripe',
        {
          STRIPE_SECRET_KEY: 'sk_live_e2e_fake_stripe',
          STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
          STRIPE_API_URL: fake.url,
        },
        { STRIPE_PUBLISHABLE_KEY: publishableKey },
      );
      fake.setWebhookUrl(`${stack.apiUrl}/api/v1/payments/webhook/stripe`);
      await use({ stack, fake, publishableKey });
      for (const pid of stack.pids) process.kill(pid, 'SIGTERM');
      await fake.close();
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  baseURL: async ({ stripe }, use) => {
    await use(stripe.stack.webUrl);
  },
});

test('with live Stripe keys the card is paid in Stripe’s Payment Element; a decline shows Stripe’s message', async ({
  page,
  request,
  stripe,
}) => {
  test.setTimeout(180_000);
  const { fake, publishableKey, stack } = stripe;
  const stripeJsLoads: string[] = [];
  const confirms: { key: string | null; clientSecret: string | null }[] = [];
  await page.route('https://js.stripe.com/**', async (route) => {
    stripeJsLoads.push(page.url());
    await route.fulfill({ contentType: 'application/javascript', body: fakeStripeJs });
  });
  await page.route('https://api.stripe.com/**', async (route) => {
    const form = new URLSearchParams(route.request().postData() ?? '');
    const intentId = /\/v1\/payment_intents\/(\w+)\/confirm$/.exec(route.request().url())?.[1] ?? '';
    confirms.push({ key: form.get('key'), clientSecret: form.get('client_secret') });
    const result = await fake.confirm(intentId, form.get('client_secret') ?? '', form.get('card') ?? '');
    await route.fulfill({
      status: result.ok ? 200 : result.status,
      contentType: 'application/json',
      headers: { 'access-control-allow-origin': '*' },
      body: JSON.stringify(result.ok ? result.intent : { error: result.error }),
    });
  });

  const { email } = await createVerifiedUser(request, stack);
  await readyToPlace(page, email, /^Card/);
  // The shop's pages before paying never fetched stripe.js.
  expect(stripeJsLoads).toEqual([]);
  await page.getByRole('button', { name: /Place order and pay/ }).click();
  await expect(page).toHaveURL(/\/checkout\/pay\//);
  const orderId = page.url().split('/').pop()!;
  const card = page.getByLabel('Card number');
  await expect(card).toBeVisible();
  expect(stripeJsLoads).toEqual([page.url()]);
  await expect(page.getByText(/Sandbox: 4242/)).toHaveCount(0);
  await screenshots(page, 'pay-stripe-element');
  await expectAccessible(page);

  // Declined: Stripe's message, and a new PaymentIntent for the next card.
  await card.fill('4000 0000 0000 0002');
  await page.getByRole('button', { name: /^Pay KES/ }).click();
  await expect(page.getByText('Your card was declined.')).toBeVisible();
  const [first] = fake.intentsOf(orderId);
  expect(confirms).toEqual([{ key: publishableKey, clientSecret: first!.client_secret }]);
  await expect.poll(() => fake.intentsOf(orderId).length).toBe(2);
  await expect(card).toBeVisible();
  await screenshots(page, 'pay-stripe-declined');

  await card.fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: /^Pay KES/ }).click();
  await expect(page).toHaveURL(new RegExp(`/checkout/confirmation/${orderId}\\?.*redirect_status=succeeded`));
  const second = fake.intentsOf(orderId)[1]!;
  expect(confirms[1]).toEqual({ key: publishableKey, clientSecret: second.client_secret });
  const status = page.getByTestId('payment-status');
  await expect(status).toHaveText('Confirming payment…');
  await screenshots(page, 'pay-stripe-confirming');
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  // Stripe's webhook lands: the page turns paid by itself, without a reload.
  await fake.sendWebhook('payment_intent.succeeded', second);
  await expect(status).toHaveText('Paid');
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
    true,
  );
  await screenshots(page, 'pay-stripe-paid');
});
