// The Stripe provider against a local Stripe: intents, refunds and webhook signatures.
import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { createStripeProvider } from './stripe.js';
import { InvalidNotification, ProviderRejected, ProviderUnavailable } from './provider.js';
import { simulator, send, failure } from './providers.test-kit.js';

describe('Stripe provider against a local Stripe', async () => {
  const stripeApi = await simulator();
  const webhookSecret = 'whsec_local_test';
  const intent = {
    id: 'pi_123',
    object: 'payment_intent',
    amount: 250000,
    amount_received: 0,
    currency: 'kes',
    status: 'requires_payment_method',
    client_secret: 'pi_123_secret_abc',
    metadata: {},
    latest_charge: null,
    last_payment_error: null,
  };
  let answer: { status: number; body: unknown; delayMs?: number } = { status: 200, body: intent };
  beforeEach(() => {
    stripeApi.reset();
    answer = { status: 200, body: intent };
    stripeApi.state.handle = async (_req, res) => {
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      if (!res.destroyed) send(res, answer.status, answer.body);
    };
  });
  const provider = (timeoutMs = 2000) =>
    createStripeProvider({
      secretKey: 'sk_test_local',
      webhookSecret,
      apiUrl: stripeApi.url,
      testMode: true,
      timeoutMs,
    });
  const order = {
    paymentId: 'pay-42',
    orderId: 'ord-42',
    orderNumber: 'SK-42',
    amount: 250000,
    currency: 'KES',
  };

  it('creates a PaymentIntent through STRIPE_API_URL with the payment id as idempotency key and the order in metadata', async () => {
    const started = await provider().initiate(order);
    expect(started).toEqual({
      providerReference: 'pi_123',
      status: 'pending',
      clientSecret: 'pi_123_secret_abc',
      message: expect.any(String),
    });
    const create = stripeApi.seen[0]!;
    expect(create.method).toBe('POST');
    expect(create.path).toBe('/v1/payment_intents');
    expect(create.headers['idempotency-key']).toBe('pay-42');
    expect(create.headers.authorization).toBe('Bearer sk_test_local');
    const form = new URLSearchParams(create.body);
    expect(form.get('amount')).toBe('250000');
    expect(form.get('currency')).toBe('kes');
    expect(form.get('metadata[orderId]')).toBe('ord-42');
    expect(form.get('metadata[paymentId]')).toBe('pay-42');
    expect(form.get('metadata[orderNumber]')).toBe('SK-42');
  });

  it('reads a succeeded intent as paid with the amount received', async () => {
    answer = {
      status: 200,
      body: { ...intent, status: 'succeeded', amount_received: 250000, latest_charge: 'ch_1' },
    };
    expect(await provider().query('pi_123')).toMatchObject({
      status: 'paid',
      amountPaid: 250000,
      receipt: 'ch_1',
    });
    expect(stripeApi.seen[0]!.path).toBe('/v1/payment_intents/pi_123');
  });

  it.each([
    ['a 500', { status: 500, body: { error: { type: 'api_error', message: 'boom' } } }],
    ['a slow answer', { status: 200, body: intent, delayMs: 1500 }],
  ])('Stripe answering with %s is ProviderUnavailable', async (_what, next) => {
    answer = next;
    expect(await failure(() => provider(300).initiate(order))).toBeInstanceOf(ProviderUnavailable);
  });

  it('a card error from Stripe is ProviderRejected', async () => {
    answer = {
      status: 400,
      body: { error: { type: 'invalid_request_error', code: 'amount_too_small', message: 'x' } },
    };
    const error = await failure(() => provider().initiate(order));
    expect(error).toBeInstanceOf(ProviderRejected);
    expect((error as ProviderRejected).providerCode).toBe('amount_too_small');
  });

  it('refunds through the Refunds API with the refund id as idempotency key', async () => {
    answer = { status: 200, body: { id: 're_1', object: 'refund', status: 'succeeded', amount: 1000 } };
    const started = await provider().refund({
      refundId: 'refund-7',
      paymentId: 'pay-42',
      providerReference: 'pi_123',
      amount: 1000,
      currency: 'KES',
    });
    expect(started).toEqual({ providerReference: 're_1', status: 'succeeded' });
    const call = stripeApi.seen[0]!;
    expect(call.path).toBe('/v1/refunds');
    expect(call.headers['idempotency-key']).toBe('refund-7');
    const form = new URLSearchParams(call.body);
    expect(form.get('payment_intent')).toBe('pi_123');
    expect(form.get('amount')).toBe('1000');
  });

  describe('webhooks', () => {
    const event = (type: string, object: unknown) =>
      JSON.stringify({ id: 'evt_1', object: 'event', type, data: { object } });
    const signed = (payload: string, secret = webhookSecret) => ({
      body: Buffer.from(payload),
      headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) },
    });

    it('verifies the signature on the raw body and reads the handled events', () => {
      const stripe = provider();
      const succeeded = { ...intent, status: 'succeeded', amount_received: 250000 };
      expect(stripe.parseNotification(signed(event('payment_intent.succeeded', succeeded)))).toMatchObject({
        kind: 'payment',
        eventId: 'evt_1',
        eventType: 'payment_intent.succeeded',
        outcome: { providerReference: 'pi_123', status: 'paid', amountPaid: 250000 },
      });
      const declined = {
        ...intent,
        last_payment_error: {
          code: 'card_declined',
          decline_code: 'generic_decline',
          message: 'Your card was declined.',
        },
      };
      expect(
        stripe.parseNotification(signed(event('payment_intent.payment_failed', declined))),
      ).toMatchObject({
        kind: 'payment',
        outcome: { status: 'failed', resultCode: 'generic_decline' },
      });
      const charge = {
        id: 'ch_1',
        object: 'charge',
        amount: 250000,
        amount_refunded: 1000,
        payment_intent: 'pi_123',
      };
      expect(stripe.parseNotification(signed(event('charge.refunded', charge)))).toMatchObject({
        kind: 'refund',
        providerReference: 'pi_123',
        amountRefunded: 1000,
      });
      expect(stripe.parseNotification(signed(event('customer.created', {})))).toMatchObject({
        kind: 'ignored',
      });
    });

    it('rejects a bad signature, a tampered body and a missing header', () => {
      const stripe = provider();
      const payload = event('payment_intent.succeeded', { ...intent, status: 'succeeded' });
      expect(() => stripe.parseNotification(signed(payload, 'whsec_someone_else'))).toThrow(
        InvalidNotification,
      );
      const good = signed(payload);
      const tampered = { ...good, body: Buffer.from(payload.replace('250000', '999999')) };
      expect(() => stripe.parseNotification(tampered)).toThrow(InvalidNotification);
      expect(() => stripe.parseNotification({ body: Buffer.from(payload), headers: {} })).toThrow(
        InvalidNotification,
      );
    });
  });
});
