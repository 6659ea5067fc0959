import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Stripe in browser flows (live Stripe is not reachable from the test machines):
 * the REST API the API's Stripe SDK calls (`STRIPE_API_URL`: PaymentIntents create and retrieve),
 * the card confirmation Stripe.js would make from the browser (`confirm`), and signed webhooks
 * posted to the API as Stripe posts them. Cards: 4242 4242 4242 4242 succeeds, anything else is
 * declined.
 */
export interface FakeIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: 'requires_payment_method' | 'succeeded';
  client_secret: string;
  metadata: Record<string, string>;
  latest_charge: string | null;
  last_payment_error: { type: string; code: string; decline_code: string; message: string } | null;
}

export type ConfirmResult =
  | { ok: true; intent: FakeIntent }
  | { ok: false; status: number; error: { type: string; code: string; message: string } };

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export async function startFakeStripe(webhookSecret: string) {
  const intents = new Map<string, FakeIntent>();
  let webhookUrl = '';

  const server = createServer(async (req, res) => {
    const form = new URLSearchParams(await readBody(req));
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(body));
    };
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method === 'POST' && path === '/v1/payment_intents') {
      const metadata: Record<string, string> = {};
      for (const [key, value] of form) {
        const m = /^metadata\[(.+)\]$/.exec(key);
        if (m) metadata[m[1]!] = value;
      }
      const intentId = id('pi');
      const intent: FakeIntent = {
        id: intentId,
        object: 'payment_intent',
        amount: Number(form.get('amount')),
        amount_received: 0,
        currency: form.get('currency') ?? 'kes',
        status: 'requires_payment_method',
        client_secret: `${intentId}_secret_${randomBytes(8).toString('hex')}`,
        metadata,
        latest_charge: null,
        last_payment_error: null,
      };
      intents.set(intentId, intent);
      return send(200, intent);
    }
    const retrieve = /^\/v1\/payment_intents\/([\w]+)$/.exec(path);
    const intent = retrieve && req.method === 'GET' ? intents.get(retrieve[1]!) : undefined;
    if (intent) return send(200, intent);
    send(404, {
      error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such resource' },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** Posts an event about `intent` to the API, signed as Stripe signs (`t=…,v1=HMAC-SHA256`). */
  async function sendWebhook(
    type: 'payment_intent.succeeded' | 'payment_intent.payment_failed',
    intent: FakeIntent,
  ) {
    const payload = JSON.stringify({
      id: id('evt'),
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000),
      livemode: true,
      data: { object: intent },
    });
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac('sha256', webhookSecret).update(`${t}.${payload}`).digest('hex');
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` },
      body: payload,
    });
    if (!res.ok) throw new Error(`webhook ${type}: ${res.status} ${await res.text()}`);
  }

  return {
    url,
    intents,
    /** Where webhooks go (the API's URL is known only after it started with this fake's URL). */
    setWebhookUrl(to: string) {
      webhookUrl = to;
    },
    /** The intent created for an order (its metadata carries the order id), newest last. */
    intentsOf(orderId: string) {
      return [...intents.values()].filter((i) => i.metadata.orderId === orderId);
    },
    sendWebhook,
    /**
     * Stripe.js's confirmation of an intent with a card, checked against its client secret. A
     * decline fails the intent and posts `payment_intent.payment_failed` at once; a success is
     * recorded and its `payment_intent.succeeded` is left to the caller (`sendWebhook`), so a
     * test can watch the page before and after it lands.
     */
    async confirm(intentId: string, clientSecret: string, card: string): Promise<ConfirmResult> {
      const found = intents.get(intentId);
      if (!found || found.client_secret !== clientSecret) {
        return {
          ok: false,
          status: 404,
          error: {
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: 'No such payment_intent',
          },
        };
      }
      if (card.replace(/\s/g, '') === '4242424242424242') {
        Object.assign(found, {
          status: 'succeeded',
          amount_received: found.amount,
          latest_charge: id('ch'),
          last_payment_error: null,
        });
        return { ok: true, intent: found };
      }
      const error = { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' };
      found.last_payment_error = { ...error, decline_code: 'generic_decline' };
      await sendWebhook('payment_intent.payment_failed', found);
      return { ok: false, status: 402, error };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;

/**
 * A small Stripe.js for `https://js.stripe.com/…/stripe.js`: `Stripe(pk)` with what
 * @stripe/stripe-js's loader and @stripe/react-stripe-js use (`elements({ clientSecret })`,
 * `create('payment')` with mount/on/off/update/destroy, `confirmPayment`). Its Payment Element is
 * one "Card number" field; `confirmPayment` posts the key, client secret and card to
 * `https://api.stripe.com/v1/payment_intents/{id}/confirm` (answered by the test) and, when that
 * succeeds, leaves for `return_url` with the query Stripe adds.
 */
export const fakeStripeJs = `(() => {
  function Stripe(publishableKey) {
    let clientSecret = null;
    let input = null;
    const noop = () => {};
    return {
      _registerWrapper: noop,
      registerAppInfo: noop,
      createToken: noop,
      createPaymentMethod: noop,
      confirmCardPayment: noop,
      elements(options) {
        clientSecret = options && options.clientSecret;
        return {
          update: noop,
          create(type) {
            const handlers = {};
            return {
              mount(node) {
                const label = document.createElement('label');
                label.textContent = 'Card number';
                input = document.createElement('input');
                input.setAttribute('inputmode', 'numeric');
                label.appendChild(input);
                node.appendChild(label);
                setTimeout(() => (handlers.ready || []).forEach((cb) => cb({ elementType: type })), 0);
              },
              on(event, cb) { (handlers[event] = handlers[event] || []).push(cb); },
              off(event, cb) { handlers[event] = (handlers[event] || []).filter((h) => h !== cb); },
              update: noop,
              unmount: noop,
              destroy() { if (input) input.parentElement.remove(); },
            };
          },
        };
      },
      async confirmPayment({ confirmParams }) {
        const intentId = clientSecret.split('_secret_')[0];
        const res = await fetch('https://api.stripe.com/v1/payment_intents/' + intentId + '/confirm', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ key: publishableKey, client_secret: clientSecret, card: input ? input.value : '' }),
        });
        const body = await res.json();
        if (body.error) return { error: body.error };
        const back = new URL(confirmParams.return_url);
        back.searchParams.set('payment_intent', intentId);
        back.searchParams.set('payment_intent_client_secret', clientSecret);
        back.searchParams.set('redirect_status', 'succeeded');
        window.location.assign(back.toString());
        return new Promise(() => {});
      },
    };
  }
  Stripe.version = 'endive';
  window.Stripe = Stripe;
})();`;
