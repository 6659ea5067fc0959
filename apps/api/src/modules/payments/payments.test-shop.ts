// Test helpers for payments and refunds: orders paid through the sandboxes, rows read straight
// from the database.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { MadeUser } from '../../test/factories.js';
import { rowsOf } from '../../platform/statements.js';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { apiCall, makeShop, makeVariant } from '../catalog/stock.test-shop.js';
import { placeTestOrder } from '../orders/orders.test-shop.js';
import { paymentsInstance } from './instance.js';

let keys = 0;
export const idemKey = () => ({ 'idempotency-key': `payments-test-${++keys}-${Date.now()}` });

export async function until(check: () => Promise<boolean>, timeoutMs = 8000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function one<T>(t: TestApp, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await rowsOf<T>(t.db, query);
  return row!;
}

export const paymentRow = (t: TestApp, id: string) =>
  one<{ status: string; refunded_amount: number; receipt: string | null; provider_reference: string | null }>(
    t,
    sql`select status, refunded_amount::int as refunded_amount, receipt, provider_reference from payments where id = ${id}`,
  );
export const orderRow = (t: TestApp, id: string) =>
  one<{ status: string; payment_status: string }>(
    t,
    sql`select status, payment_status from orders where id = ${id}`,
  );
export const refundRow = (t: TestApp, id: string) =>
  one<{ status: string; provider_reference: string | null; result_desc: string | null }>(
    t,
    sql`select status, provider_reference, result_desc from refunds where id = ${id}`,
  );
export const paymentsOfOrder = async (t: TestApp, orderId: string) => {
  return rowsOf<{ id: string; method: string; status: string; amount: number }>(
    t.db,
    sql`select id, method, status, amount::int as amount from payments where order_id = ${orderId} order by created_at`,
  );
};
/** The ledger's payment and refund totals for one order. */
export const ledgerOf = (t: TestApp, orderId: string) =>
  one<{ paid: number; refunded: number; payments: number }>(
    t,
    sql`select coalesce(sum(amount) filter (where kind = 'payment'), 0)::int as paid,
               coalesce(sum(amount) filter (where kind = 'refund'), 0)::int as refunded,
               count(*) filter (where kind = 'payment')::int as payments
        from ledger_transactions where order_id = ${orderId}`,
  );
export const stockOf = (t: TestApp, variantId: string) =>
  one<{ stock: number }>(t, sql`select stock from product_variants where id = ${variantId}`).then(
    (r) => r.stock,
  );

type Method = 'mpesa' | 'stripe' | 'cod';

/**
 * The payments tests' shop: a test app (rate limits off), a seller's shop from the catalogue's
 * test helpers, and orders (two of one fresh variant with stock 10, no shipping) unpaid or paid
 * through a sandbox.
 */
export async function paymentsTestShop() {
  const t = await buildTestApp({ env: { RATE_LIMIT_DISABLED: 'true' } });
  const api = apiCall(t);
  const shop = await makeShop(t);
  const placeOrder = (buyer: MadeUser, lines: { variantId: string; quantity: number }[], method: Method) =>
    placeTestOrder(t, buyer, lines, method, 0);

  async function orderOf(buyer: MadeUser, method: Method, price = 1_000_00) {
    const variant = await makeVariant(t, shop, { price });
    const order = await placeOrder(buyer, [{ variantId: variant.variantId, quantity: 2 }], method);
    return { order, variant };
  }

  /** M-Pesa: the sandbox callback after about two seconds; Stripe: the 4242 test card. */
  async function paidOrder(buyer: MadeUser, method: 'mpesa' | 'stripe', price = 1_000_00) {
    const { order, variant } = await orderOf(buyer, method, price);
    const { res } = await startPayment(buyer, method, order);
    const paymentId: string = res.json().paymentId;
    if (method === 'stripe') {
      const { provider_reference } = await paymentRow(t, paymentId);
      await paymentsInstance(t.platform).providers.stripe.confirmTestPayment(
        provider_reference!,
        '4242424242424242',
      );
    }
    await until(async () => (await paymentRow(t, paymentId)).status === 'paid');
    return { order, variant, paymentId };
  }

  /** One unit of a fresh variant at `price`, no shipping, unpaid. */
  async function unpaidOrder(buyer: MadeUser, price = 1_250_50, method: Method = 'mpesa') {
    const variant = await makeVariant(t, shop, { price });
    return placeOrder(buyer, [{ variantId: variant.variantId, quantity: 1 }], method);
  }

  /**
   * Starts a payment (M-Pesa to 0712345678, or Stripe) of `existing` or of a new unpaid order, and
   * expects 201.
   */
  async function startPayment(buyer: MadeUser, method: 'mpesa' | 'stripe', existing?: { id: string }) {
    const order = existing ?? (await unpaidOrder(buyer));
    const res = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...idemKey() },
      { orderId: order.id, method, ...(method === 'mpesa' ? { phone: '0712345678' } : {}) },
    );
    expect(res.statusCode, res.body).toBe(201);
    return { order, res };
  }
  const startMpesa = (buyer: MadeUser, existing?: { id: string }) => startPayment(buyer, 'mpesa', existing);

  return { t, api, shop, orderOf, paidOrder, unpaidOrder, startPayment, startMpesa };
}

/** An STK Push callback as Daraja posts it; `resultCode` 0 is a payment of `amount` shillings. */
export const stkCallback = (checkoutRequestId: string, amount: number, resultCode = 0) => ({
  Body: {
    stkCallback: {
      MerchantRequestID: 'forged',
      CheckoutRequestID: checkoutRequestId,
      ResultCode: resultCode,
      ResultDesc: resultCode === 0 ? 'The service request is processed successfully.' : 'Failed',
      ...(resultCode === 0
        ? {
            CallbackMetadata: {
              Item: [
                { Name: 'Amount', Value: amount },
                { Name: 'MpesaReceiptNumber', Value: 'QFORGED123' },
                { Name: 'PhoneNumber', Value: 254712345678 },
              ],
            },
          }
        : {}),
    },
  },
});

/** Collects what the user's `/ws` sockets receive (their pub/sub channel), until `stop`. */
export async function watchUser(t: TestApp, userId: string) {
  const messages: { type: string; data: Record<string, unknown> }[] = [];
  const stop = await t.platform.pubsub.subscribe(`ws:user:${userId}`, (message) => {
    messages.push(message as (typeof messages)[number]);
  });
  return { messages, stop };
}
