import { randomBytes, randomUUID } from 'node:crypto';
import { stkPassword } from './mpesa-rules.js';
import type { Deliver, Fetch } from './provider.js';

/** The credentials the sandbox accepts; the M-Pesa provider runs with them when none are set. */
export const DARAJA_SANDBOX = {
  baseUrl: 'http://daraja.sandbox.invalid',
  consumerKey: 'sandbox-consumer-key',
  consumerSecret: 'sandbox-consumer-secret',
  shortcode: '174379',
  passkey: 'sandbox-passkey',
};

/** The sandbox phone whose payments fail with insufficient funds (result code 1). */
export const SANDBOX_POOR_PHONE = '254700000001';

export interface DarajaSandboxOptions {
  /** Posts a callback (the STK callback, the reversal result). */
  deliver: Deliver;
  /** How long the "customer" takes to answer the prompt (`MPESA_SANDBOX_DELAY_MS`). */
  delayMs: number;
  onError?: (err: unknown) => void;
}

interface Attempt {
  merchantRequestId: string;
  amount: number;
  phone: string;
  resultCode: number;
  answered: boolean;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const badRequest = (message: string) =>
  json(400, { requestId: randomUUID(), errorCode: '400.002.02', errorMessage: `Bad Request - ${message}` });

/**
 * A built-in Daraja speaking the same protocol (OAuth, STK Push, STK Push Query, Reversal), reached
 * through an injected `fetch`, so the real M-Pesa provider code runs offline. The "customer"
 * answers after `delayMs`: paid, except {@link SANDBOX_POOR_PHONE} (insufficient funds).
 */
export function createDarajaSandbox(options: DarajaSandboxOptions): Fetch {
  const tokens = new Set<string>();
  const attempts = new Map<string, Attempt>();

  const later = (url: string, body: unknown, then?: () => void) => {
    setTimeout(() => {
      then?.();
      options
        .deliver(url, JSON.stringify(body), { 'content-type': 'application/json' })
        .catch((err) => options.onError?.(err));
    }, options.delayMs).unref();
  };

  const routes: Record<string, (body: Record<string, unknown>) => Response> = {
    '/mpesa/stkpush/v1/processrequest'(body) {
      const { BusinessShortCode, Password, Timestamp, Amount, PhoneNumber, CallBackURL } = body;
      if (Password !== stkPassword(String(BusinessShortCode), DARAJA_SANDBOX.passkey, String(Timestamp))) {
        return badRequest('Invalid Password');
      }
      if (!Number.isInteger(Amount) || (Amount as number) < 1) return badRequest('Invalid Amount');
      if (typeof PhoneNumber !== 'string' || !/^254[17]\d{8}$/.test(PhoneNumber)) {
        return badRequest('Invalid PhoneNumber');
      }
      const checkoutRequestId = `ws_CO_${Date.now()}${randomBytes(4).toString('hex')}`;
      const attempt: Attempt = {
        merchantRequestId: randomUUID(),
        amount: Amount as number,
        phone: PhoneNumber,
        resultCode: PhoneNumber === SANDBOX_POOR_PHONE ? 1 : 0,
        answered: false,
      };
      attempts.set(checkoutRequestId, attempt);
      later(String(CallBackURL), stkCallback(checkoutRequestId, attempt), () => (attempt.answered = true));
      return json(200, {
        MerchantRequestID: attempt.merchantRequestId,
        CheckoutRequestID: checkoutRequestId,
        ResponseCode: '0',
        ResponseDescription: 'Success. Request accepted for processing',
        CustomerMessage: 'Success. Request accepted for processing',
      });
    },
    '/mpesa/stkpushquery/v1/query'(body) {
      const attempt = attempts.get(String(body.CheckoutRequestID));
      if (!attempt) return badRequest('Invalid CheckoutRequestID');
      if (!attempt.answered) {
        return json(500, {
          requestId: randomUUID(),
          errorCode: '500.001.1001',
          errorMessage: 'The transaction is being processed',
        });
      }
      return json(200, {
        ResponseCode: '0',
        ResponseDescription: 'The service request has been accepted successsfully',
        MerchantRequestID: attempt.merchantRequestId,
        CheckoutRequestID: body.CheckoutRequestID,
        ResultCode: String(attempt.resultCode),
        ResultDesc: resultDesc(attempt.resultCode),
      });
    },
    '/mpesa/reversal/v1/request'(body) {
      const conversationId = `AG_${Date.now()}_${randomBytes(6).toString('hex')}`;
      later(String(body.ResultURL), {
        Result: {
          ResultType: 0,
          ResultCode: 0,
          ResultDesc: 'The service request is processed successfully.',
          OriginatorConversationID: randomUUID(),
          ConversationID: conversationId,
          TransactionID: `R${randomBytes(5).toString('hex').toUpperCase()}`,
        },
      });
      return json(200, {
        OriginatorConversationID: randomUUID(),
        ConversationID: conversationId,
        ResponseCode: '0',
        ResponseDescription: 'Accept the service request successfully.',
      });
    },
  };

  return async (input, init) => {
    const url = new URL(input);
    const auth = new Headers(init.headers).get('authorization') ?? '';
    if (url.pathname === '/oauth/v1/generate') {
      if (!auth.startsWith('Basic ')) return badRequest('Invalid Authentication passed');
      const token = randomBytes(16).toString('hex');
      tokens.add(token);
      return json(200, { access_token: token, expires_in: '3599' });
    }
    const route = routes[url.pathname];
    if (!route) return json(404, { errorCode: '404.001.01', errorMessage: 'Resource not found' });
    if (!tokens.has(auth.replace(/^Bearer /, ''))) {
      return json(401, { errorCode: '404.001.03', errorMessage: 'Invalid Access Token' });
    }
    return route(JSON.parse(String(init.body)) as Record<string, unknown>);
  };
}

function resultDesc(code: number) {
  return code === 0
    ? 'The service request is processed successfully.'
    : 'The balance is insufficient for the transaction.';
}

function stkCallback(checkoutRequestId: string, attempt: Attempt) {
  const paid = attempt.resultCode === 0;
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: attempt.merchantRequestId,
        CheckoutRequestID: checkoutRequestId,
        ResultCode: attempt.resultCode,
        ResultDesc: resultDesc(attempt.resultCode),
        ...(paid
          ? {
              CallbackMetadata: {
                Item: [
                  { Name: 'Amount', Value: attempt.amount },
                  { Name: 'MpesaReceiptNumber', Value: `S${randomBytes(5).toString('hex').toUpperCase()}` },
                  {
                    Name: 'TransactionDate',
                    Value: Number(new Date().toISOString().replace(/\D/g, '').slice(0, 14)),
                  },
                  { Name: 'PhoneNumber', Value: Number(attempt.phone) },
                ],
              },
            }
          : {}),
      },
    },
  };
}
