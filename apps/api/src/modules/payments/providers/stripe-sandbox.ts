import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { Deliver, Fetch } from './provider.js';

/** The keys the Stripe provider runs with when none are set. */
export const STRIPE_SANDBOX = {
  secretKey: 'sk_test_soko_sandbox',
  webhookSecret: 'whsec_soko_sandbox',
};

export interface StripeSandboxOptions {
  /** Where `payment_intent.*` and `charge.refunded` events are posted, signed like Stripe signs them. */
  webhookUrl: string;
  deliver: Deliver;
  onError?: (err: unknown) => void;
}

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  client_secret: string;
  metadata: Record<string, string>;
  latest_charge: string | null;
  last_payment_error: { code: string; decline_code: string; message: string; type: string } | null;
  refunded: number;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'request-id': id('req') },
  });
const invalid = (message: string, code = 'parameter_invalid', status = 400) =>
  json(status, { error: { type: 'invalid_request_error', code, message } });

/** `a[b]=c` form fields as a flat map plus `metadata[...]` gathered. */
function formOf(body: unknown) {
  const params = new URLSearchParams(typeof body === 'string' ? body : '');
  const metadata: Record<string, string> = {};
  for (const [key, value] of params) {
    const m = /^metadata\[(.+)\]$/.exec(key);
    if (m) metadata[m[1]!] = value;
  }
  return { get: (key: string) => params.get(key), metadata };
}

/**
 * A built-in Stripe speaking the REST protocol the SDK uses (PaymentIntents create, retrieve and
 * confirm; Refunds), reached through the SDK's fetch client, so the real Stripe provider code runs
 * offline. Test cards: `pm_card_visa` (4242 4242 4242 4242) succeeds, `pm_card_chargeDeclined`
 * (4000 0000 0000 0002) is declined. Outcomes arrive as signed webhooks, as from Stripe.
 */
export function createStripeSandbox(options: StripeSandboxOptions): Fetch {
  const intents = new Map<string, Intent>();
  const replays = new Map<string, string>();

  const emit = (type: string, object: unknown) => {
    const payload = JSON.stringify({
      id: id('evt'),
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: STRIPE_SANDBOX.webhookSecret,
    });
    setImmediate(() => {
      options
        .deliver(options.webhookUrl, payload, {
          'content-type': 'application/json',
          'stripe-signature': signature,
        })
        .catch((err) => options.onError?.(err));
    });
  };

  const publicIntent = ({ refunded: _refunded, ...intent }: Intent) => intent;

  function create(form: ReturnType<typeof formOf>) {
    const amount = Number(form.get('amount'));
    const currency = form.get('currency');
    if (!Number.isInteger(amount) || amount < 1) return invalid('Invalid integer: amount');
    if (!currency) return invalid('Missing required param: currency.', 'parameter_missing');
    const intentId = id('pi');
    const intent: Intent = {
      id: intentId,
      object: 'payment_intent',
      amount,
      amount_received: 0,
      currency,
      status: 'requires_payment_method',
      client_secret: `${intentId}_secret_${randomBytes(8).toString('hex')}`,
      metadata: form.metadata,
      latest_charge: null,
      last_payment_error: null,
      refunded: 0,
    };
    intents.set(intentId, intent);
    return json(200, publicIntent(intent));
  }

  function confirm(intent: Intent, paymentMethod: string | null) {
    if (intent.status === 'succeeded') {
      return invalid('This PaymentIntent has already succeeded.', 'payment_intent_unexpected_state');
    }
    if (paymentMethod === 'pm_card_visa') {
      Object.assign(intent, {
        status: 'succeeded',
        amount_received: intent.amount,
        latest_charge: id('ch'),
        last_payment_error: null,
      });
      emit('payment_intent.succeeded', publicIntent(intent));
    } else if (paymentMethod === 'pm_card_chargeDeclined') {
      intent.last_payment_error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
      };
      emit('payment_intent.payment_failed', publicIntent(intent));
    } else {
      return invalid('No such PaymentMethod', 'resource_missing', 404);
    }
    return json(200, publicIntent(intent));
  }

  function refund(form: ReturnType<typeof formOf>) {
    const intent = intents.get(form.get('payment_intent') ?? '');
    if (!intent) return invalid('No such payment_intent', 'resource_missing', 404);
    if (intent.status !== 'succeeded')
      return invalid('This PaymentIntent has no charge to refund.', 'charge_not_refundable');
    const amount = Number(form.get('amount') ?? intent.amount - intent.refunded);
    if (!Number.isInteger(amount) || amount < 1 || amount > intent.amount - intent.refunded) {
      return invalid('Refund amount is greater than unrefunded amount on charge', 'amount_too_large');
    }
    intent.refunded += amount;
    emit('charge.refunded', {
      id: intent.latest_charge,
      object: 'charge',
      amount: intent.amount,
      amount_refunded: intent.refunded,
      refunded: intent.refunded === intent.amount,
      payment_intent: intent.id,
      currency: intent.currency,
    });
    return json(200, {
      id: id('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      charge: intent.latest_charge,
      status: 'succeeded',
      metadata: form.metadata,
    });
  }

  return async (input, init) => {
    const auth = new Headers(init.headers).get('authorization');
    if (auth !== `Bearer ${STRIPE_SANDBOX.secretKey}`) {
      return json(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    const method = (init.method ?? 'GET').toUpperCase();
    const key = new Headers(init.headers).get('idempotency-key');
    const replayKey = key ? `${method} ${input} ${key}` : undefined;
    const replay = replayKey ? replays.get(replayKey) : undefined;
    if (replay) return json(200, JSON.parse(replay));

    const path = new URL(input).pathname;
    const form = formOf(init.body);
    let response: Response;
    const match = /^\/v1\/payment_intents\/([^/]+)(\/confirm)?$/.exec(path);
    if (path === '/v1/payment_intents' && method === 'POST') response = create(form);
    else if (path === '/v1/refunds' && method === 'POST') response = refund(form);
    else if (match) {
      const intent = intents.get(match[1]!);
      if (!intent) response = invalid(`No such payment_intent: '${match[1]}'`, 'resource_missing', 404);
      else if (match[2] && method === 'POST') response = confirm(intent, form.get('payment_method'));
      else response = json(200, publicIntent(intent));
    } else response = invalid(`Unrecognized request URL (${method}: ${path}).`, 'resource_missing', 404);

    if (replayKey && response.ok) replays.set(replayKey, await response.clone().text());
    return response;
  };
}
