import Stripe from 'stripe';
import {
  InvalidNotification,
  ProviderRejected,
  ProviderUnavailable,
  type Fetch,
  type PaymentProvider,
  type ProviderNotification,
  type ProviderOutcome,
} from './provider.js';

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** `STRIPE_API_URL`: another host for the SDK (a mock, a proxy); unset = api.stripe.com. */
  apiUrl?: string;
  testMode: boolean;
  /** Transport for the SDK (the built-in simulator); unset = the SDK's own HTTP client. */
  fetch?: Fetch;
  timeoutMs?: number;
}

/** Stripe's own test payment methods for the two test cards the sandbox documents. */
const testPaymentMethods: Record<string, string> = {
  '4242424242424242': 'pm_card_visa',
  '4000000000000002': 'pm_card_chargeDeclined',
};

export interface StripeProvider extends PaymentProvider {
  /**
   * Test mode only: confirms a PaymentIntent with one of the documented test cards
   * (4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined), as Stripe.js would in the
   * browser. The result arrives as a webhook, like a real payment.
   */
  confirmTestPayment(providerReference: string, cardNumber: string): Promise<ProviderOutcome>;
}

const PROVIDER = 'stripe';

function endpoint(apiUrl: string | undefined) {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? ('http' as const) : ('https' as const);
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

/** SDK errors as the provider errors the service maps: down or slow, or refused. */
function providerError(err: unknown): Error {
  if (
    err instanceof Stripe.errors.StripeConnectionError ||
    err instanceof Stripe.errors.StripeAPIError ||
    err instanceof Stripe.errors.StripeRateLimitError ||
    err instanceof Stripe.errors.StripeAuthenticationError ||
    (err instanceof Stripe.errors.StripeError && (err.statusCode ?? 500) >= 500)
  ) {
    return new ProviderUnavailable(PROVIDER, err.message);
  }
  if (err instanceof Stripe.errors.StripeError) {
    return new ProviderRejected(PROVIDER, err.code ?? null, err.message);
  }
  return err instanceof Error ? err : new ProviderUnavailable(PROVIDER, String(err));
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw providerError(err);
  }
}

function outcomeOfIntent(intent: Stripe.PaymentIntent): ProviderOutcome {
  const base = { providerReference: intent.id, resultCode: null, resultDesc: intent.status };
  switch (intent.status) {
    case 'succeeded': {
      const charge = intent.latest_charge;
      return {
        ...base,
        status: 'paid',
        message: 'Payment received. Thank you!',
        amountPaid: intent.amount_received,
        ...(charge ? { receipt: typeof charge === 'string' ? charge : charge.id } : {}),
      };
    }
    case 'canceled':
      return { ...base, status: 'cancelled', message: 'The card payment was cancelled.' };
    case 'requires_payment_method': {
      const error = intent.last_payment_error;
      if (!error) return { ...base, status: 'pending', message: 'Enter your card details to pay.' };
      return {
        ...base,
        status: 'failed',
        resultCode: error.decline_code ?? error.code ?? null,
        resultDesc: error.message ?? null,
        message: `${error.message ?? 'The card was declined.'} Try again or use another card.`,
      };
    }
    default:
      return { ...base, status: 'pending', message: 'Waiting for the card payment to complete.' };
  }
}

/**
 * Stripe through the official SDK: a PaymentIntent per payment (the payment id is the Stripe
 * idempotency key, so a retried initiate never makes a second intent), its client secret for the
 * browser, webhooks verified on the raw body with the SDK's signature check, refunds through the
 * Refunds API (keyed by the refund id).
 */
export function createStripeProvider(options: StripeOptions): StripeProvider {
  const stripe = new Stripe(options.secretKey, {
    ...endpoint(options.apiUrl),
    ...(options.fetch ? { httpClient: Stripe.createFetchHttpClient(options.fetch as typeof fetch) } : {}),
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? 10_000,
    telemetry: false,
  });

  return {
    code: 'stripe',
    testMode: options.testMode,

    async initiate(input) {
      const intent = await guarded(() =>
        stripe.paymentIntents.create(
          {
            amount: input.amount,
            currency: input.currency.toLowerCase(),
            automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
            metadata: { orderId: input.orderId, paymentId: input.paymentId, orderNumber: input.orderNumber },
          },
          { idempotencyKey: input.paymentId },
        ),
      );
      return {
        providerReference: intent.id,
        status: 'pending',
        clientSecret: intent.client_secret ?? undefined,
        message: 'Enter your card details to pay.',
      };
    },

    async query(intentId) {
      return outcomeOfIntent(await guarded(() => stripe.paymentIntents.retrieve(intentId)));
    },

    parseNotification(raw): ProviderNotification {
      const signature = raw.headers['stripe-signature'];
      if (typeof signature !== 'string')
        throw new InvalidNotification(PROVIDER, 'no Stripe-Signature header');
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(raw.body, signature, options.webhookSecret);
      } catch {
        throw new InvalidNotification(PROVIDER, 'the Stripe-Signature does not match');
      }
      switch (event.type) {
        case 'payment_intent.succeeded':
        case 'payment_intent.payment_failed':
          return {
            kind: 'payment',
            eventId: event.id,
            eventType: event.type,
            outcome: outcomeOfIntent(event.data.object),
          };
        case 'charge.refunded': {
          const charge = event.data.object;
          const intent = charge.payment_intent;
          if (!intent) return { kind: 'ignored', eventId: event.id, eventType: event.type };
          return {
            kind: 'refund',
            eventId: event.id,
            eventType: event.type,
            providerReference: typeof intent === 'string' ? intent : intent.id,
            status: 'succeeded',
            amountRefunded: charge.amount_refunded,
            resultDesc: null,
          };
        }
        default:
          return { kind: 'ignored', eventId: event.id, eventType: event.type };
      }
    },

    async refund(input) {
      const refund = await guarded(() =>
        stripe.refunds.create(
          {
            payment_intent: input.providerReference,
            amount: input.amount,
            metadata: { refundId: input.refundId, paymentId: input.paymentId },
          },
          { idempotencyKey: input.refundId },
        ),
      );
      const status =
        refund.status === 'succeeded'
          ? 'succeeded'
          : refund.status === 'failed' || refund.status === 'canceled'
            ? 'failed'
            : 'pending';
      return { providerReference: refund.id, status };
    },

    async confirmTestPayment(intentId, cardNumber) {
      const paymentMethod = testPaymentMethods[cardNumber.replace(/\s/g, '')];
      if (!options.testMode || !paymentMethod) {
        throw new ProviderRejected(
          PROVIDER,
          null,
          'Use test card 4242 4242 4242 4242 or 4000 0000 0000 0002',
        );
      }
      return outcomeOfIntent(
        await guarded(() => stripe.paymentIntents.confirm(intentId, { payment_method: paymentMethod })),
      );
    },
  };
}
