import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders } from '../../db/schema/orders.js';
import { payments } from '../../db/schema/payments.js';
import { makeUser } from '../../test/factories.js';
import { buildTestApp } from '../../test/harness.js';
import * as q from './queries.js';

const t = await buildTestApp({ worker: false });

/** A bare order row to hang payments on (the orders module owns placing real ones). */
async function anOrder(total = 150000) {
  const { user } = await makeUser(t);
  const [order] = await t.db
    .insert(orders)
    .values({
      number: `SK-${randomUUID().slice(0, 8)}`,
      userId: user.id,
      customerEmail: user.email,
      customerName: user.name,
      status: 'pending_payment',
      paymentStatus: 'pending',
      paymentMethod: 'mpesa',
      currency: 'KES',
      subtotal: total,
      discount: 0,
      shipping: 0,
      tax: 0,
      total,
      taxIncluded: false,
      shippingAddress: {
        fullName: 'A',
        phone: '0712345678',
        line1: 'x',
        line2: null,
        city: 'Nairobi',
        region: null,
        postalCode: null,
        country: 'KE',
      },
      shippingMethod: { id: randomUUID(), name: 'Standard', price: 0 },
    })
    .returning();
  return order!;
}

const anAttempt = (order: { id: string; userId: string; total: number }) =>
  q.insertPayment(t.db, {
    orderId: order.id,
    userId: order.userId,
    method: 'mpesa',
    amount: order.total,
    currency: 'KES',
    providerReference: `ws_CO_${randomUUID()}`,
  });

const paid = {
  to: 'paid' as const,
  resultCode: '0',
  resultDesc: 'ok',
  message: 'Payment received',
  at: new Date(),
};

describe('payment rows', () => {
  it('an empty shop has the three payment methods, all enabled', async () => {
    const methods = await q.listPaymentMethods(t.db, true);
    expect(methods.map((m) => m.code).sort()).toEqual(['cod', 'mpesa', 'stripe']);
    expect(methods.find((m) => m.code === 'mpesa')?.currencies).toEqual(['KES']);
  });

  it('the same provider event twenty times in parallel is appended once', async () => {
    const payment = await anAttempt(await anOrder());
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        q.appendPaymentEvent(t.db, {
          provider: 'mpesa',
          providerReference: payment.providerReference!,
          eventType: 'stk_callback',
          paymentId: payment.id,
          payload: { n: 1 },
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('twenty parallel settles of one payment: exactly one wins, the rest change nothing', async () => {
    const payment = await anAttempt(await anOrder());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        q.settlePaymentRow(
          t.db,
          payment.id,
          i % 2 ? paid : { ...paid, to: 'failed', message: 'late failure' },
        ),
      ),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    const row = await q.findPayment(t.db, payment.id);
    expect(row?.status).toBe(winners[0]!.status);
    expect(await q.settlePaymentRow(t.db, payment.id, { ...paid, to: 'failed' })).toBeNull();
  });

  it('a second attempt on an already paid order cannot become paid too', async () => {
    const order = await anOrder();
    const first = await anAttempt(order);
    const second = await anAttempt(order);
    expect(await q.settlePaymentRow(t.db, first.id, paid)).not.toBeNull();
    await expect(q.settlePaymentRow(t.db, second.id, paid)).rejects.toThrow();
    expect((await q.findPayment(t.db, second.id))?.status).toBe('pending');
  });

  it('the reconcile list holds pending online payments older than the cutoff, oldest first', async () => {
    const order = await anOrder();
    const old = await anAttempt(order);
    await t.db
      .update(payments)
      .set({ createdAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(payments.id, old.id));
    const fresh = await anAttempt(order);
    const due = await q.pendingPaymentsBefore(t.db, new Date(Date.now() - 3 * 60_000), 50);
    expect(due.map((p) => p.id)).toContain(old.id);
    expect(due.map((p) => p.id)).not.toContain(fresh.id);
  });
});
