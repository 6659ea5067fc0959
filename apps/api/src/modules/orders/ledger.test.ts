import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextFor } from '../../platform/context.js';
import { makeUser, type MadeUser } from '../../test/factories.js';
import { buildTestApp } from '../../test/harness.js';
import { apiCall, makeShop, makeVariant } from '../catalog/stock.test-shop.js';
import { bpsOf } from './ledger-rules.js';
import { placeTestOrder } from './orders.test-shop.js';
import { createPayout, recordRefund } from './service/ledger.js';
import { transitionOrder } from './service/transition.js';

// Many requests from one address while other files run: the per-IP limit is not under test here.
const t = await buildTestApp({
  worker: false,
  env: { MARKETPLACE_COMMISSION_BPS: '1000', RATE_LIMIT_DISABLED: 'true' },
});
const api = apiCall(t);
const shop = await makeShop(t);

const sums = async () => {
  const result = (await t.db.execute(sql`
    select
      coalesce(sum(amount), 0)::bigint as total,
      coalesce(sum(amount) filter (where account = 'cash'), 0)::bigint as cash,
      (select coalesce(sum(amount), 0) from ledger_transactions where kind = 'payment')::bigint as paid,
      (select coalesce(sum(amount), 0) from ledger_transactions where kind = 'refund')::bigint as refunded,
      (select coalesce(sum(amount), 0) from ledger_transactions where kind = 'payout')::bigint as paid_out,
      (select count(*) from (select transaction_id from ledger_entries group by transaction_id
                              having sum(amount) <> 0) unbalanced)::int as unbalanced
    from ledger_entries`)) as unknown as { rows: Record<string, string | number>[] };
  const r = result.rows[0]!;
  const n = (k: string) => Number(r[k]);
  return {
    total: n('total'),
    cash: n('cash'),
    paid: n('paid'),
    refunded: n('refunded'),
    paidOut: n('paid_out'),
    unbalanced: n('unbalanced'),
  };
};

const balanceOf = async (seller: MadeUser) => {
  const res = await api('GET', '/payouts', seller.auth);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().balances[0].balance.amount as number;
};

describe('marketplace ledger', () => {
  it('a paid order credits each seller its share and the shop its commission; payouts lower the balance', async () => {
    const buyer = await makeUser(t);
    const seller = await makeUser(t, { role: 'seller' });
    const other = await makeUser(t, { role: 'seller' });
    const override = await api('PATCH', `/payouts/sellers/${other.user.id}`, shop.admin.auth, {
      commissionBps: 2500,
    });
    expect(override.json()).toMatchObject({ commissionBps: 2500, balance: { amount: 0 } });
    const a = await makeVariant(t, shop, { price: 10_000, seller });
    const b = await makeVariant(t, shop, { price: 4_000, seller: other });
    const order = await placeTestOrder(t, buyer, [
      { variantId: a.variantId, quantity: 2 },
      { variantId: b.variantId, quantity: 1 },
    ]);
    expect(await balanceOf(seller)).toBe(0);
    const paid = await api('PATCH', `/orders/${order.id}/status`, shop.admin.auth, { status: 'paid' });
    expect(paid.json()).toMatchObject({ status: 'paid', paymentStatus: 'paid' });
    expect(await balanceOf(seller)).toBe(18_000);
    expect(await balanceOf(other)).toBe(3_000);

    const tooMuch = await api('POST', '/payouts', shop.admin.auth, {
      sellerId: seller.user.id,
      amount: 18_001,
      reference: 'bank 1',
    });
    expect(tooMuch.statusCode).toBe(400);
    const payout = await api('POST', '/payouts', shop.admin.auth, {
      sellerId: seller.user.id,
      amount: 15_000,
      reference: 'bank 1',
    });
    expect(payout.statusCode, payout.body).toBe(201);
    expect(payout.json()).toMatchObject({
      sellerId: seller.user.id,
      amount: { amount: 15_000 },
      reference: 'bank 1',
    });
    const mine = (await api('GET', '/payouts', seller.auth)).json();
    expect(mine).toMatchObject({
      total: 1,
      balances: [{ sellerId: seller.user.id, balance: { amount: 3_000 } }],
    });
    expect(
      (await api('POST', '/payouts', seller.auth, { sellerId: seller.user.id, amount: 1, reference: 'x' }))
        .statusCode,
    ).toBe(403);
    expect((await api('GET', '/payouts', buyer.auth)).statusCode).toBe(403);

    // Cancelling the paid order refunds it in full: the seller goes negative after its payout.
    const cancelled = await api('POST', `/orders/${order.id}/cancel`, buyer.auth, {});
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
    expect(await balanceOf(seller)).toBe(-15_000);
    expect(await balanceOf(other)).toBe(0);
    const s = await sums();
    expect(s.unbalanced).toBe(0);
    expect(s.total).toBe(0);
  });

  it('a refund above what was paid answers 422 refund_exceeds_payment and posts nothing', async () => {
    const buyer = await makeUser(t);
    const v = await makeVariant(t, shop, { price: 5_000 });
    const order = await placeTestOrder(t, buyer, [{ variantId: v.variantId, quantity: 1 }], 'mpesa', 0);
    const ctx = contextFor(t.platform);
    await expect(recordRefund(ctx, { orderId: order.id, amount: 1 })).rejects.toMatchObject({
      code: 'refund_exceeds_payment',
    });
    await transitionOrder(ctx, order.id, 'paid');
    await recordRefund(ctx, { orderId: order.id, amount: 2_000 });
    await expect(recordRefund(ctx, { orderId: order.id, amount: 3_001 })).rejects.toMatchObject({
      code: 'refund_exceeds_payment',
    });
    await recordRefund(ctx, { orderId: order.id, amount: 3_000 });
    expect((await sums()).unbalanced).toBe(0);
  });

  it('after random orders, payments, refunds and payouts the ledger sums to paid − refunded − paid out (property, real database)', async () => {
    const sellers = [await makeUser(t, { role: 'seller' }), await makeUser(t, { role: 'seller' })];
    const buyer = await makeUser(t);
    const variants = [
      await makeVariant(t, shop, { price: 1_999, stock: 10_000, seller: sellers[0] }),
      await makeVariant(t, shop, { price: 12_345, stock: 10_000, seller: sellers[1] }),
    ];
    const ctx = contextFor(t.platform);
    const admin = {
      ...ctx,
      actor: { id: shop.admin.user.id, role: 'admin' as const, sellerStatus: null, sessionId: null },
    };
    const expected = new Map<string, number>(sellers.map((s) => [s.user.id, 0]));
    const seedBalances = await Promise.all(sellers.map((s) => balanceOf(s)));
    sellers.forEach((s, i) => expected.set(s.user.id, seedBalances[i]!));

    const step = fc.oneof(
      fc.record({
        kind: fc.constant('order' as const),
        a: fc.integer({ min: 0, max: 3 }),
        b: fc.integer({ min: 0, max: 3 }),
        pay: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('refund' as const),
        fraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
      }),
      fc.record({
        kind: fc.constant('payout' as const),
        seller: fc.integer({ min: 0, max: 1 }),
        fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    );
    const paidOrders: { id: string; held: number }[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        for (const s of steps) {
          if (s.kind === 'order') {
            const lines = [
              ...(s.a > 0 ? [{ variantId: variants[0]!.variantId, quantity: s.a }] : []),
              ...(s.b > 0 ? [{ variantId: variants[1]!.variantId, quantity: s.b }] : []),
            ];
            if (lines.length === 0) continue;
            const order = await placeTestOrder(t, buyer, lines);
            if (!s.pay) continue;
            await transitionOrder(ctx, order.id, 'paid');
            paidOrders.push({ id: order.id, held: order.total.amount });
            expected.set(
              sellers[0]!.user.id,
              expected.get(sellers[0]!.user.id)! + s.a * 1_999 - bpsOf(s.a * 1_999, 1000),
            );
            expected.set(
              sellers[1]!.user.id,
              expected.get(sellers[1]!.user.id)! + s.b * 12_345 - bpsOf(s.b * 12_345, 1000),
            );
          } else if (s.kind === 'refund') {
            const target = paidOrders.find((o) => o.held > 0);
            if (!target) continue;
            const amount = Math.max(1, Math.floor(target.held * s.fraction));
            await recordRefund(ctx, { orderId: target.id, amount });
            target.held -= amount;
            for (const [id] of expected)
              expected.set(id, await balanceOf(sellers.find((x) => x.user.id === id)!));
          } else {
            const seller = sellers[s.seller]!;
            const amount = Math.floor(Math.max(0, expected.get(seller.user.id)!) * s.fraction);
            if (amount === 0) continue;
            await createPayout(admin, { sellerId: seller.user.id, amount, reference: 'prop' });
            expected.set(seller.user.id, expected.get(seller.user.id)! - amount);
          }
        }
        const sum = await sums();
        expect(sum.unbalanced).toBe(0);
        expect(sum.total).toBe(0);
        expect(0 - sum.cash).toBe(sum.paid - sum.refunded - sum.paidOut);
        for (const seller of sellers) expect(await balanceOf(seller)).toBe(expected.get(seller.user.id));
        for (const o of paidOrders) {
          const held = (await t.db.execute(sql`
            select coalesce(sum(e.amount), 0)::bigint as held from ledger_entries e
              join ledger_transactions x on x.id = e.transaction_id
             where x.order_id = ${o.id} and e.account <> 'cash'`)) as unknown as { rows: { held: string }[] };
          expect(Number(held.rows[0]!.held)).toBe(o.held);
        }
      }),
      { numRuns: 6 },
    );
  });
});
