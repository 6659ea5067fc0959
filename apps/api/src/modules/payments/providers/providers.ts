import { createHmac } from 'node:crypto';
import type { Config } from '../../../config.js';
import { createMpesaProvider } from './mpesa.js';
import { createDarajaSandbox, DARAJA_SANDBOX } from './mpesa-sandbox.js';
import type { Deliver, Fetch, PaymentProvider } from './provider.js';
import { createStripeProvider, type StripeProvider } from './stripe.js';
import { createStripeSandbox, STRIPE_SANDBOX } from './stripe-sandbox.js';

export interface PaymentProviders {
  mpesa: PaymentProvider;
  stripe: StripeProvider;
}

export interface ProviderWiring {
  /** How the sandboxes post callbacks and webhooks (default: HTTP POST to PUBLIC_API_URL). */
  deliver?: Deliver;
  onSandboxError?: (err: unknown) => void;
  /** Transport for live providers (tests point it elsewhere); unset = the real network. */
  fetch?: Fetch;
}

const DARAJA_DEFAULT_URL = 'https://sandbox.safaricom.co.ke';

/** The secret path segment of the M-Pesa callback URLs: `MPESA_CALLBACK_SECRET`, else derived from JWT_SECRET. */
export const mpesaCallbackSecret = (config: Config) =>
  config.mpesa.callbackSecret ??
  createHmac('sha256', config.jwtSecret).update('mpesa-callback').digest('hex').slice(0, 32);

export const postOverHttp: Deliver = async (url, body, headers) => {
  await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) });
};

/**
 * Chooses each provider from config: live with credentials, otherwise the same provider code on
 * its built-in sandbox (`testMode: true`).
 */
export function createPaymentProviders(config: Config, wiring: ProviderWiring = {}): PaymentProviders {
  const deliver = wiring.deliver ?? postOverHttp;
  const api = `${config.publicApiUrl}/api/v1/payments`;
  const secret = mpesaCallbackSecret(config);
  const m = config.mpesa;
  const isMpesaLive = Boolean(m.consumerKey && m.consumerSecret && m.shortcode && m.passkey);
  const mpesaUrls = {
    callbackUrl: `${api}/mpesa/callback/${secret}`,
    reversalResultUrl: `${api}/mpesa/reversal/${secret}`,
  };
  const mpesa = isMpesaLive
    ? createMpesaProvider({
        baseUrl: (m.baseUrl ?? DARAJA_DEFAULT_URL).replace(/\/+$/, ''),
        consumerKey: m.consumerKey!,
        consumerSecret: m.consumerSecret!,
        shortcode: m.shortcode!,
        passkey: m.passkey!,
        initiator: m.initiatorName,
        securityCredential: m.securityCredential,
        testMode: false,
        fetch: wiring.fetch,
        ...mpesaUrls,
      })
    : createMpesaProvider({
        ...DARAJA_SANDBOX,
        ...mpesaUrls,
        testMode: true,
        fetch: createDarajaSandbox({
          deliver,
          delayMs: m.sandboxDelayMs,
          onError: wiring.onSandboxError,
        }),
      });

  const s = config.stripe;
  const stripe =
    s.secretKey && s.webhookSecret
      ? createStripeProvider({
          secretKey: s.secretKey,
          webhookSecret: s.webhookSecret,
          apiUrl: s.apiUrl,
          testMode: s.secretKey.startsWith('sk_test_'),
          fetch: wiring.fetch,
        })
      : createStripeProvider({
          ...STRIPE_SANDBOX,
          testMode: true,
          fetch: createStripeSandbox({
            webhookUrl: `${api}/webhook/stripe`,
            deliver,
            onError: wiring.onSandboxError,
          }),
        });
  return { mpesa, stripe };
}
