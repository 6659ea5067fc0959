// Stripe's webhook: signed events settle a payment once; anything else changes nothing.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../../test/factories.js';
import { ledgerOf, orderRow, paymentRow, paymentsTestShop } from './payments.test-shop.js';
import { STRIPE_SANDBOX } from './providers/stripe-sandbox.js';

const { t, unpaidOrder: newOrder, startPayment } = await paymentsTestShop();

const stripeEvent = (id: string, type: string, object: Record<string, unknown>) => {
  const payload = JSON.stringify({
    id,
    object: 'event',
    type,
    data: { object },
    created: 1,
    livemode: false,
  });
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: STRIPE_SANDBOX.webhookSecret,
  });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/webhook/stripe',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    payload,
  });
};
const intent = (id: string, status: string, amount: number, paymentId: string) => ({
  id,
  object: 'payment_intent',
  status,
  amount,
  amount_received: status === 'succeeded' ? amount : 0,
  currency: 'kes',
  latest_charge: status === 'succeeded' ? 'ch_test_1' : null,
  last_payment_error: status === 'succeeded' ? null : { code: 'card_declined', message: 'Declined' },
  metadata: { paymentId },
});

describe('Stripe webhook', () => {
  it('settles on a signed succeeded event once; a late payment_failed, a replay, a bad signature and an unknown intent change nothing', async () => {
    const buyer = await makeUser(t);
    const { order, res } = await startPayment(buyer, 'stripe', await newOrder(buyer, 2_000_00));
    const { paymentId } = res.json();
    const reference = (await paymentRow(t, paymentId)).provider_reference!;

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhook/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      payload: '{}',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');

    const unknown = await stripeEvent(
      'evt_unknown_1',
      'payment_intent.succeeded',
      intent('pi_unknown', 'succeeded', 100, paymentId),
    );
    expect(unknown.statusCode, unknown.body).toBe(200);
    expect((await paymentRow(t, paymentId)).status).toBe('pending');

    const ok = await stripeEvent(
      `evt_ok_${paymentId}`,
      'payment_intent.succeeded',
      intent(reference, 'succeeded', 2_000_00, paymentId),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ received: true });
    expect(await paymentRow(t, paymentId)).toMatchObject({ status: 'paid' });
    expect(await orderRow(t, order.id)).toEqual({ status: 'paid', payment_status: 'paid' });

    const replay = await stripeEvent(
      `evt_ok_${paymentId}`,
      'payment_intent.succeeded',
      intent(reference, 'succeeded', 2_000_00, paymentId),
    );
    expect(replay.statusCode).toBe(200);
    const late = await stripeEvent(
      `evt_late_${paymentId}`,
      'payment_intent.payment_failed',
      intent(reference, 'requires_payment_method', 2_000_00, paymentId),
    );
    expect(late.statusCode).toBe(200);
    expect(await paymentRow(t, paymentId)).toMatchObject({ status: 'paid' });
    expect((await ledgerOf(t, order.id)).payments).toBe(1);
  });
});
