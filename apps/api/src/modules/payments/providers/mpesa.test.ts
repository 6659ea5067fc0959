// The M-Pesa (Daraja) provider against a local Daraja: requests as Daraja expects them, its
// answers and failures read right, callbacks and reversal results parsed.
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.js';
import { createMpesaProvider } from './mpesa.js';
import {
  InvalidNotification,
  ProviderRejected,
  ProviderUnavailable,
  type PaymentProvider,
} from './provider.js';
import { simulator, send, failure, type Handler } from './providers.test-kit.js';

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
