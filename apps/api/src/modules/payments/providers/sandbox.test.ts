import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import type { ProviderNotification, RawNotification } from './provider.js';
import { createPaymentProviders, mpesaCallbackSecret } from './providers.js';

/** The built-in sandboxes, wired to hand their callbacks and webhooks to the test. */
function sandbox(env: Record<string, string> = {}) {
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_API_URL: 'http://shop.test',
    MPESA_SANDBOX_DELAY_MS: '300',
    ...env,
  });
  const delivered: { url: string; raw: RawNotification }[] = [];
  const waiters: (() => void)[] = [];
  const providers = createPaymentProviders(config, {
    deliver: async (url, body, headers) => {
      delivered.push({ url, raw: { body: Buffer.from(body), headers } });
      waiters.splice(0).forEach((wake) => wake());
    },
  });
  const nextDelivery = async () => {
    const seen = delivered.length;
    while (delivered.length === seen) await new Promise<void>((wake) => waiters.push(wake));
    return delivered[seen]!;
  };
  return { config, providers, nextDelivery };
}

const order = { paymentId: 'pay-1', orderId: 'ord-1', orderNumber: 'SK-1', currency: 'KES', amount: 150000 };

describe('built-in sandbox', () => {
  it('runs both providers in test mode when no credentials are set', () => {
    const { providers } = sandbox();
    expect(providers.mpesa.testMode).toBe(true);
    expect(providers.stripe.testMode).toBe(true);
  });

  it('M-Pesa: pending until the simulated customer answers, then calls back paid; the query agrees', async () => {
    const { config, providers, nextDelivery } = sandbox();
    const started = await providers.mpesa.initiate({ ...order, phone: '0712345678' });
    expect(started.status).toBe('pending');
    expect((await providers.mpesa.query(started.providerReference)).status).toBe('pending');

    const { url, raw } = await nextDelivery();
    expect(url).toBe(`http://shop.test/api/v1/payments/mpesa/callback/${mpesaCallbackSecret(config)}`);
    const notification = providers.mpesa.parseNotification(raw) as Extract<
      ProviderNotification,
      { kind: 'payment' }
    >;
    expect(notification.outcome).toMatchObject({
      providerReference: started.providerReference,
      status: 'paid',
      amountPaid: 150000,
    });
    expect((await providers.mpesa.query(started.providerReference)).status).toBe('paid');
  });

  it('M-Pesa: phone 254700000001 fails with insufficient funds (result code 1)', async () => {
    const { providers, nextDelivery } = sandbox();
    const started = await providers.mpesa.initiate({ ...order, phone: '0700000001' });
    const notification = providers.mpesa.parseNotification((await nextDelivery()).raw);
    expect(notification).toMatchObject({ kind: 'payment', outcome: { status: 'failed', resultCode: '1' } });
    const outcome = await providers.mpesa.query(started.providerReference);
    expect(outcome).toMatchObject({ status: 'failed', resultCode: '1' });
    expect(outcome.message).toMatch(/balance/);
  });

  it('M-Pesa: a reversal is pending, then its result arrives at the reversal URL', async () => {
    const { providers, nextDelivery } = sandbox();
    const refund = await providers.mpesa.refund({
      refundId: 'r-1',
      paymentId: 'pay-1',
      providerReference: 'ws_CO_1',
      receipt: 'SAB12CD34',
      amount: 1000,
      currency: 'KES',
    });
    expect(refund.status).toBe('pending');
    const { url, raw } = await nextDelivery();
    expect(url).toContain('/api/v1/payments/mpesa/reversal/');
    expect(providers.mpesa.parseNotification(raw)).toMatchObject({
      kind: 'refund',
      providerReference: refund.providerReference,
      status: 'succeeded',
    });
  });

  it('Stripe: 4242 4242 4242 4242 succeeds and the signed webhook verifies', async () => {
    const { providers, nextDelivery } = sandbox();
    const started = await providers.stripe.initiate(order);
    expect(started.clientSecret).toMatch(/_secret_/);
    const confirmed = await providers.stripe.confirmTestPayment(
      started.providerReference,
      '4242 4242 4242 4242',
    );
    expect(confirmed.status).toBe('paid');
    const { url, raw } = await nextDelivery();
    expect(url).toBe('http://shop.test/api/v1/payments/webhook/stripe');
    expect(providers.stripe.parseNotification(raw)).toMatchObject({
      kind: 'payment',
      eventType: 'payment_intent.succeeded',
      outcome: { providerReference: started.providerReference, status: 'paid', amountPaid: 150000 },
    });
    expect((await providers.stripe.query(started.providerReference)).status).toBe('paid');
    expect((await providers.stripe.initiate(order)).providerReference).toBe(started.providerReference);

    const refund = await providers.stripe.refund({
      refundId: 'r-1',
      paymentId: 'pay-1',
      providerReference: started.providerReference,
      amount: 50000,
      currency: 'KES',
    });
    expect(refund.status).toBe('succeeded');
    expect(providers.stripe.parseNotification((await nextDelivery()).raw)).toMatchObject({
      kind: 'refund',
      eventType: 'charge.refunded',
      amountRefunded: 50000,
    });
  });

  it('Stripe: 4000 0000 0000 0002 is declined', async () => {
    const { providers, nextDelivery } = sandbox();
    const started = await providers.stripe.initiate({ ...order, paymentId: 'pay-2' });
    const declined = await providers.stripe.confirmTestPayment(started.providerReference, '4000000000000002');
    expect(declined.status).toBe('failed');
    expect(providers.stripe.parseNotification((await nextDelivery()).raw)).toMatchObject({
      kind: 'payment',
      eventType: 'payment_intent.payment_failed',
      outcome: { status: 'failed', resultCode: 'generic_decline' },
    });
  });

  it('uses live providers once credentials are set', () => {
    const { providers } = sandbox({
      MPESA_CONSUMER_KEY: 'k',
      MPESA_CONSUMER_SECRET: 's',
      MPESA_SHORTCODE: '174379',
      MPESA_PASSKEY: 'p',
      STRIPE_SECRET_KEY: 'sk_live_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
    });
    expect(providers.mpesa.testMode).toBe(false);
    expect(providers.stripe.testMode).toBe(false);
  });
});
