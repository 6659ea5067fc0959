import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.js';
import { createMpesaProvider } from './mpesa.js';
import {
  InvalidNotification,
  ProviderRejected,
  ProviderUnavailable,
  type PaymentProvider,
} from './provider.js';
import { createStripeProvider } from './stripe.js';

/** One request as a local simulator saw it. */
interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: Seen, res: ServerResponse) => void | Promise<void>;

/** A local HTTP server standing in for Daraja or Stripe; each test sets `handle`. */
async function simulator() {
  const seen: Seen[] = [];
  const state = { handle: (() => {}) as Handler };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
      seen.push(request);
      void state.handle(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  server.keepAliveTimeout = 1;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    state,
    reset() {
      seen.length = 0;
    },
  };
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_test' });
  res.end(JSON.stringify(body));
};

async function failure(work: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('M-Pesa provider against a local Daraja', async () => {
  const daraja = await simulator();
  const now = new Date('2026-12-31T22:30:05Z');
  let tokenCalls = 0;
  let stkAnswer: { status: number; body: unknown; delayMs?: number } = { status: 200, body: {} };
  const darajaHandler: Handler = async (req, res) => {
    if (req.path.startsWith('/oauth/v1/generate')) {
      tokenCalls += 1;
      return send(res, 200, { access_token: `token-${tokenCalls}`, expires_in: '3599' });
    }
    if (stkAnswer.delayMs) await new Promise((r) => setTimeout(r, stkAnswer.delayMs));
    if (!res.destroyed) send(res, stkAnswer.status, stkAnswer.body);
  };
  const provider = (timeoutMs = 2000): PaymentProvider =>
    createMpesaProvider({
      baseUrl: daraja.url,
      consumerKey: 'key',
      consumerSecret: 'secret',
      shortcode: '174379',
      passkey: 'pk',
      callbackUrl: 'https://shop.example/api/v1/payments/mpesa/callback/s3cret',
      reversalResultUrl: 'https://shop.example/api/v1/payments/mpesa/reversal/s3cret',
      initiator: 'apiop',
      securityCredential: 'encrypted',
      testMode: false,
      timeoutMs,
      now: () => now,
    });
  const order = { paymentId: 'pay-1', orderId: 'ord-1', orderNumber: 'SK-000123', currency: 'KES' };
  const accepted = {
    MerchantRequestID: 'm-1',
    CheckoutRequestID: 'ws_CO_1',
    ResponseCode: '0',
    ResponseDescription: 'Success. Request accepted for processing',
    CustomerMessage: 'Success',
  };

  beforeEach(() => {
    daraja.reset();
    daraja.state.handle = darajaHandler;
    tokenCalls = 0;
    stkAnswer = { status: 200, body: accepted };
  });

  it('sends the STK Push exactly as Daraja expects', async () => {
    const started = await provider().initiate({ ...order, amount: 129901, phone: '0712 345 678' });
    expect(started).toMatchObject({ providerReference: 'ws_CO_1', status: 'pending' });
    const oauth = daraja.seen[0]!;
    expect(oauth.method).toBe('GET');
    expect(oauth.path).toBe('/oauth/v1/generate?grant_type=client_credentials');
    expect(oauth.headers.authorization).toBe(`Basic ${Buffer.from('key:secret').toString('base64')}`);
    const push = daraja.seen[1]!;
    expect(push.path).toBe('/mpesa/stkpush/v1/processrequest');
    expect(push.headers.authorization).toBe('Bearer token-1');
    expect(JSON.parse(push.body)).toEqual({
      BusinessShortCode: '174379',
      Password: Buffer.from('174379pk20270101013005').toString('base64'),
      Timestamp: '20270101013005',
      TransactionType: 'CustomerPayBillOnline',
      Amount: 1300,
      PartyA: '254712345678',
      PartyB: '174379',
      PhoneNumber: '254712345678',
      CallBackURL: 'https://shop.example/api/v1/payments/mpesa/callback/s3cret',
      AccountReference: 'SK-000123',
      TransactionDesc: 'Order payment',
    });
  });

  it('caches the OAuth token: two pushes make one token request', async () => {
    const mpesa = provider();
    await Promise.all([
      mpesa.initiate({ ...order, amount: 100, phone: '0712345678' }),
      mpesa.initiate({ ...order, amount: 100, phone: '0112345678' }),
    ]);
    await mpesa.initiate({ ...order, amount: 100, phone: '+254712345678' });
    expect(tokenCalls).toBe(1);
    expect(daraja.seen.filter((r) => r.path.startsWith('/mpesa/stkpush/'))).toHaveLength(3);
  });

  it('refuses a phone that is not Kenyan with 400 before calling Daraja', async () => {
    const error = await failure(() => provider().initiate({ ...order, amount: 100, phone: '+255712345678' }));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect(daraja.seen).toHaveLength(0);
  });

  it.each([
    ['0', 'paid'],
    ['1032', 'cancelled'],
    ['1037', 'failed'],
    ['2001', 'failed'],
    ['1', 'failed'],
    ['17', 'failed'],
  ])('maps an STK Push Query result code %s to %s', async (code, status) => {
    stkAnswer = {
      status: 200,
      body: { ResponseCode: '0', CheckoutRequestID: 'ws_CO_1', ResultCode: code, ResultDesc: 'desc' },
    };
    const outcome = await provider().query('ws_CO_1');
    expect(outcome).toMatchObject({
      providerReference: 'ws_CO_1',
      status,
      resultCode: code,
      resultDesc: 'desc',
    });
    expect(outcome.message.length).toBeGreaterThan(10);
    const query = JSON.parse(daraja.seen[1]!.body);
    expect(query).toMatchObject({
      BusinessShortCode: '174379',
      Timestamp: '20270101013005',
      CheckoutRequestID: 'ws_CO_1',
    });
  });

  it('reads "the transaction is being processed" as still pending, not as Daraja down', async () => {
    stkAnswer = {
      status: 500,
      body: { requestId: 'r', errorCode: '500.001.1001', errorMessage: 'The transaction is being processed' },
    };
    expect((await provider().query('ws_CO_1')).status).toBe('pending');
  });

  it.each([
    ['a 500', { status: 500, body: { errorCode: '500.003.02', errorMessage: 'System busy' } }],
    ['a 503 with an HTML page', { status: 503, body: '<html>down</html>' }],
    ['a slow answer', { status: 200, body: accepted, delayMs: 1500 }],
  ])('Daraja answering with %s is ProviderUnavailable', async (_what, answer) => {
    stkAnswer = answer;
    const error = await failure(() => provider(300).initiate({ ...order, amount: 100, phone: '0712345678' }));
    expect(error).toBeInstanceOf(ProviderUnavailable);
  });

  it('Daraja unreachable (nothing listening) is ProviderUnavailable', async () => {
    const mpesa = createMpesaProvider({
      baseUrl: 'http://127.0.0.1:9',
      consumerKey: 'k',
      consumerSecret: 's',
      shortcode: '1',
      passkey: 'p',
      callbackUrl: 'x',
      reversalResultUrl: 'x',
      testMode: false,
    });
    expect(await failure(() => mpesa.query('ws_CO_1'))).toBeInstanceOf(ProviderUnavailable);
  });

  it('a 4xx from Daraja is ProviderRejected with its error code', async () => {
    stkAnswer = {
      status: 400,
      body: { errorCode: '400.002.02', errorMessage: 'Bad Request - Invalid Amount' },
    };
    const error = await failure(() => provider().initiate({ ...order, amount: 100, phone: '0712345678' }));
    expect(error).toBeInstanceOf(ProviderRejected);
    expect((error as ProviderRejected).providerCode).toBe('400.002.02');
  });

  it('refunds through the Reversal API and stays pending until its result', async () => {
    stkAnswer = {
      status: 200,
      body: { ConversationID: 'AG_1', OriginatorConversationID: 'o', ResponseCode: '0' },
    };
    const started = await provider().refund({
      refundId: 'ref-1',
      paymentId: 'pay-1',
      providerReference: 'ws_CO_1',
      receipt: 'SAB12CD34',
      amount: 50050,
      currency: 'KES',
    });
    expect(started).toEqual({ providerReference: 'AG_1', status: 'pending' });
    const reversal = daraja.seen[1]!;
    expect(reversal.path).toBe('/mpesa/reversal/v1/request');
    expect(JSON.parse(reversal.body)).toMatchObject({
      Initiator: 'apiop',
      SecurityCredential: 'encrypted',
      CommandID: 'TransactionReversal',
      TransactionID: 'SAB12CD34',
      Amount: 501,
      ReceiverParty: '174379',
      ResultURL: 'https://shop.example/api/v1/payments/mpesa/reversal/s3cret',
    });
  });

  it('parses an STK callback (amount in minor units, receipt) and a reversal result; refuses anything else', () => {
    const mpesa = provider();
    const callback = {
      Body: {
        stkCallback: {
          MerchantRequestID: 'm-1',
          CheckoutRequestID: 'ws_CO_1',
          ResultCode: 0,
          ResultDesc: 'ok',
          CallbackMetadata: {
            Item: [
              { Name: 'Amount', Value: 1300 },
              { Name: 'MpesaReceiptNumber', Value: 'SAB12CD34' },
              { Name: 'PhoneNumber', Value: 254712345678 },
            ],
          },
        },
      },
    };
    const parsed = mpesa.parseNotification({ body: Buffer.from(JSON.stringify(callback)), headers: {} });
    expect(parsed).toMatchObject({
      kind: 'payment',
      eventId: 'ws_CO_1',
      outcome: { status: 'paid', amountPaid: 130000, receipt: 'SAB12CD34' },
    });
    const reversal = { Result: { ResultCode: 0, ResultDesc: 'done', ConversationID: 'AG_1' } };
    expect(
      mpesa.parseNotification({ body: Buffer.from(JSON.stringify(reversal)), headers: {} }),
    ).toMatchObject({
      kind: 'refund',
      providerReference: 'AG_1',
      status: 'succeeded',
    });
    for (const junk of ['not json', '{}', '{"Body":{"stkCallback":{}}}']) {
      expect(() => mpesa.parseNotification({ body: Buffer.from(junk), headers: {} })).toThrow(
        InvalidNotification,
      );
    }
  });
});

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
