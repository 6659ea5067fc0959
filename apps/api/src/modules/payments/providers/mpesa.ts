import { z } from 'zod';
import { darajaTimestamp, mpesaResult, normalisePhone, stkPassword, wholeShillings } from './mpesa-rules.js';
import {
  InvalidNotification,
  ProviderRejected,
  ProviderUnavailable,
  type Fetch,
  type PaymentProvider,
  type ProviderNotification,
  type ProviderOutcome,
} from './provider.js';

export interface MpesaOptions {
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  shortcode: string;
  passkey: string;
  /** `PUBLIC_API_URL + /api/v1/payments/mpesa/callback/ + MPESA_CALLBACK_SECRET`. */
  callbackUrl: string;
  /** Where Daraja posts reversal results (and queue time-outs). */
  reversalResultUrl: string;
  /** Reversal API credentials (the initiator's name and its encrypted password). */
  initiator?: string;
  securityCredential?: string;
  testMode: boolean;
  fetch?: Fetch;
  /** Per-request time limit; past it Daraja counts as down. */
  timeoutMs?: number;
  now?: () => Date;
}

const PROVIDER = 'mpesa';
/** Daraja's answer to a query while the customer has not yet acted on the prompt. */
const STILL_PROCESSING = '500.001.1001';
/** Renew the OAuth token this long before Daraja says it expires. */
const TOKEN_MARGIN_MS = 60_000;

const TokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });
const DarajaError = z
  .object({ errorCode: z.string().optional(), errorMessage: z.string().optional() })
  .loose();
const StkAnswer = z
  .object({
    CheckoutRequestID: z.string().min(1),
    ResponseCode: z.coerce.string(),
    ResponseDescription: z.string().optional(),
    CustomerMessage: z.string().optional(),
  })
  .loose();
const QueryAnswer = z
  .object({
    CheckoutRequestID: z.string().optional(),
    ResponseCode: z.coerce.string().optional(),
    ResultCode: z.coerce.string(),
    ResultDesc: z.string().optional(),
  })
  .loose();
const ReversalAnswer = z
  .object({ ConversationID: z.string().min(1), ResponseCode: z.coerce.string() })
  .loose();
const StkCallback = z.object({
  Body: z.object({
    stkCallback: z.object({
      MerchantRequestID: z.string().optional(),
      CheckoutRequestID: z.string().min(1),
      ResultCode: z.coerce.string(),
      ResultDesc: z.string().optional(),
      CallbackMetadata: z
        .object({
          Item: z.array(z.object({ Name: z.string(), Value: z.union([z.string(), z.number()]).optional() })),
        })
        .optional(),
    }),
  }),
});
const ReversalResult = z.object({
  Result: z.object({
    ResultCode: z.coerce.string(),
    ResultDesc: z.string().optional(),
    ConversationID: z.string().min(1),
    TransactionID: z.string().optional(),
  }),
});

/**
 * M-Pesa through Safaricom's Daraja API: STK Push to start, STK Push Query to learn the result,
 * the Reversal API to refund. The OAuth token is cached until shortly before it expires (one
 * token request however many calls), and concurrent callers share one token request. A network
 * error, a time-out or a 5xx is {@link ProviderUnavailable}; a 4xx is {@link ProviderRejected}.
 */
export function createMpesaProvider(options: MpesaOptions): PaymentProvider {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  let token: { value: string; expiresAt: number } | undefined;
  let tokenRequest: Promise<string> | undefined;

  async function request(path: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
    let response: Response;
    let text: string;
    try {
      response = await send(`${options.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (err) {
      const reason = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'unreachable';
      throw new ProviderUnavailable(PROVIDER, `Daraja ${reason} (${path})`);
    }
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      if (response.status < 500) throw new ProviderUnavailable(PROVIDER, `Daraja sent non-JSON (${path})`);
    }
    return { status: response.status, body };
  }

  async function fetchToken(): Promise<string> {
    const basic = Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64');
    const { status, body } = await request('/oauth/v1/generate?grant_type=client_credentials', {
      method: 'GET',
      headers: { authorization: `Basic ${basic}` },
    });
    const parsed = TokenAnswer.safeParse(body);
    if (status !== 200 || !parsed.success) {
      throw new ProviderUnavailable(PROVIDER, `Daraja OAuth answered ${status}`);
    }
    token = {
      value: parsed.data.access_token,
      expiresAt: Date.now() + parsed.data.expires_in * 1000 - TOKEN_MARGIN_MS,
    };
    return token.value;
  }

  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > Date.now()) return token.value;
    tokenRequest ??= fetchToken().finally(() => {
      tokenRequest = undefined;
    });
    return tokenRequest;
  }

  /** POSTs JSON with the bearer token; 5xx and 401 are "unavailable", other 4xx "rejected". */
  async function call(path: string, payload: unknown, isPendingAnswer?: (error: unknown) => boolean) {
    const bearer = await accessToken();
    const answer = await request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    if (answer.status >= 200 && answer.status < 300) return answer.body;
    if (isPendingAnswer?.(answer.body)) return undefined;
    if (answer.status === 401) token = undefined;
    if (answer.status >= 500 || answer.status === 401 || answer.status === 429) {
      throw new ProviderUnavailable(PROVIDER, `Daraja answered ${answer.status} (${path})`);
    }
    const error = DarajaError.safeParse(answer.body);
    const data = error.success ? error.data : {};
    throw new ProviderRejected(
      PROVIDER,
      data.errorCode ?? null,
      data.errorMessage ?? `Daraja answered ${answer.status}`,
    );
  }

  const credentials = () => {
    const timestamp = darajaTimestamp(now());
    return {
      BusinessShortCode: options.shortcode,
      Password: stkPassword(options.shortcode, options.passkey, timestamp),
      Timestamp: timestamp,
    };
  };

  const outcomeOf = (reference: string, resultCode: string, resultDesc: string | null): ProviderOutcome => ({
    providerReference: reference,
    resultCode,
    resultDesc,
    ...mpesaResult(resultCode),
  });

  return {
    code: 'mpesa',
    testMode: options.testMode,

    async initiate(input) {
      if (input.currency !== 'KES') {
        throw new ProviderRejected(PROVIDER, null, 'M-Pesa takes Kenyan shillings only');
      }
      const phone = normalisePhone(input.phone ?? '');
      const body = await call('/mpesa/stkpush/v1/processrequest', {
        ...credentials(),
        TransactionType: 'CustomerPayBillOnline',
        Amount: wholeShillings(input.amount),
        PartyA: phone,
        PartyB: options.shortcode,
        PhoneNumber: phone,
        CallBackURL: options.callbackUrl,
        AccountReference: input.orderNumber.slice(0, 12),
        TransactionDesc: 'Order payment',
      });
      const parsed = StkAnswer.safeParse(body);
      if (!parsed.success)
        throw new ProviderUnavailable(PROVIDER, 'Daraja sent an STK Push answer we cannot read');
      if (parsed.data.ResponseCode !== '0') {
        throw new ProviderRejected(
          PROVIDER,
          parsed.data.ResponseCode,
          parsed.data.ResponseDescription ?? 'STK Push refused',
        );
      }
      return {
        providerReference: parsed.data.CheckoutRequestID,
        status: 'pending',
        message: 'Check your phone and enter your M-Pesa PIN to pay.',
      };
    },

    async query(checkoutRequestId) {
      const body = await call(
        '/mpesa/stkpushquery/v1/query',
        { ...credentials(), CheckoutRequestID: checkoutRequestId },
        (error) => DarajaError.safeParse(error).data?.errorCode === STILL_PROCESSING,
      );
      if (body === undefined) {
        return {
          providerReference: checkoutRequestId,
          status: 'pending',
          resultCode: null,
          resultDesc: 'The transaction is being processed',
          message: 'Waiting for you to enter your M-Pesa PIN.',
        };
      }
      const parsed = QueryAnswer.safeParse(body);
      if (!parsed.success)
        throw new ProviderUnavailable(PROVIDER, 'Daraja sent a query answer we cannot read');
      return outcomeOf(checkoutRequestId, parsed.data.ResultCode, parsed.data.ResultDesc ?? null);
    },

    parseNotification(raw): ProviderNotification {
      let json: unknown;
      try {
        json = JSON.parse(raw.body.toString('utf8'));
      } catch {
        throw new InvalidNotification(PROVIDER, 'the callback is not JSON');
      }
      const stk = StkCallback.safeParse(json);
      if (stk.success) {
        const cb = stk.data.Body.stkCallback;
        const item = (name: string) => cb.CallbackMetadata?.Item.find((i) => i.Name === name)?.Value;
        const amount = Number(item('Amount'));
        const receipt = item('MpesaReceiptNumber');
        return {
          kind: 'payment',
          eventId: cb.CheckoutRequestID,
          eventType: 'stk_callback',
          outcome: {
            ...outcomeOf(cb.CheckoutRequestID, cb.ResultCode, cb.ResultDesc ?? null),
            ...(Number.isFinite(amount) && amount > 0 ? { amountPaid: Math.round(amount * 100) } : {}),
            ...(receipt !== undefined ? { receipt: String(receipt) } : {}),
          },
        };
      }
      const reversal = ReversalResult.safeParse(json);
      if (reversal.success) {
        const result = reversal.data.Result;
        return {
          kind: 'refund',
          eventId: result.ConversationID,
          eventType: 'reversal_result',
          providerReference: result.ConversationID,
          status: result.ResultCode === '0' ? 'succeeded' : 'failed',
          resultDesc: result.ResultDesc ?? null,
        };
      }
      throw new InvalidNotification(PROVIDER, 'the body is neither an STK callback nor a reversal result');
    },

    async refund(input) {
      if (!input.receipt)
        throw new ProviderRejected(PROVIDER, null, 'A reversal needs the M-Pesa receipt number');
      const body = await call('/mpesa/reversal/v1/request', {
        Initiator: options.initiator ?? '',
        SecurityCredential: options.securityCredential ?? '',
        CommandID: 'TransactionReversal',
        TransactionID: input.receipt,
        Amount: wholeShillings(input.amount),
        ReceiverParty: options.shortcode,
        RecieverIdentifierType: '11',
        ResultURL: options.reversalResultUrl,
        QueueTimeOutURL: options.reversalResultUrl,
        Remarks: (input.reason ?? 'Refund').slice(0, 100) || 'Refund',
        Occasion: input.paymentId,
      });
      const parsed = ReversalAnswer.safeParse(body);
      if (!parsed.success)
        throw new ProviderUnavailable(PROVIDER, 'Daraja sent a reversal answer we cannot read');
      if (parsed.data.ResponseCode !== '0') {
        throw new ProviderRejected(PROVIDER, parsed.data.ResponseCode, 'Daraja refused the reversal');
      }
      return { providerReference: parsed.data.ConversationID, status: 'pending' };
    },
  };
}
