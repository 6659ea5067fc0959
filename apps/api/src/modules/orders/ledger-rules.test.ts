import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bpsOf,
  heldAfter,
  paymentPostings,
  payoutPostings,
  refundPostings,
  type Posting,
} from './ledger-rules.js';

const sum = (entries: readonly Posting[]) => entries.reduce((s, e) => s + e.amount, 0);
const sellers = ['s1', 's2', 's3'];

describe('ledger arithmetic', () => {
  it('rounds commission half up in basis points', () => {
    expect(bpsOf(12_345, 1_000)).toBe(1_235);
    expect(bpsOf(12_344, 1_000)).toBe(1_234);
    expect(bpsOf(5, 1_000)).toBe(1);
    expect(bpsOf(4, 1_000)).toBe(0);
  });

  it('a payment credits each seller its share and the shop its commission, shipping and tax', () => {
    const entries = paymentPostings({
      lines: [
        { lineId: 'l1', sellerId: 's1', net: 10_000 },
        { lineId: 'l2', sellerId: 's2', net: 5_000 },
      ],
      shipping: 300,
      tax: 2_400,
      commissionBps: (s) => (s === 's1' ? 1_000 : 1_500),
    });
    expect(sum(entries)).toBe(0);
    expect(entries).toEqual(
      expect.arrayContaining([
        { account: 'cash', sellerId: null, orderLineId: null, amount: -17_700 },
        { account: 'seller', sellerId: 's1', orderLineId: 'l1', amount: 9_000 },
        { account: 'commission', sellerId: null, orderLineId: 'l1', amount: 1_000 },
        { account: 'seller', sellerId: 's2', orderLineId: 'l2', amount: 4_250 },
        { account: 'commission', sellerId: null, orderLineId: 'l2', amount: 750 },
        { account: 'shipping', sellerId: null, orderLineId: null, amount: 300 },
        { account: 'tax', sellerId: null, orderLineId: null, amount: 2_400 },
      ]),
    );
  });

  it('a refund reverses in proportion and its parts sum exactly to the refund', () => {
    const paid = paymentPostings({
      lines: [{ lineId: 'l1', sellerId: 's1', net: 999 }],
      shipping: 1,
      tax: 0,
      commissionBps: () => 1_000,
    });
    const refund = refundPostings(heldAfter(paid), 333);
    expect(sum(refund)).toBe(0);
    expect(refund[0]).toEqual({ account: 'cash', sellerId: null, orderLineId: null, amount: 333 });
    expect(() => refundPostings(heldAfter([...paid, ...refund]), 668)).toThrow(RangeError);
    const rest = refundPostings(heldAfter([...paid, ...refund]), 667);
    expect(heldAfter([...paid, ...refund, ...rest]).every((e) => e.amount === 0)).toBe(true);
  });

  it('after any sequence of payments, refunds and payouts the ledger balances (property)', () => {
    const order = fc.record({
      lines: fc.array(
        fc.record({ sellerId: fc.constantFrom(...sellers), net: fc.integer({ min: 0, max: 5_000_000 }) }),
        { minLength: 1, maxLength: 5 },
      ),
      shipping: fc.integer({ min: 0, max: 50_000 }),
      tax: fc.integer({ min: 0, max: 500_000 }),
    });
    const step = fc.oneof(
      fc.record({ kind: fc.constant('order' as const), order }),
      fc.record({
        kind: fc.constant('refund' as const),
        pick: fc.nat(),
        fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      fc.record({
        kind: fc.constant('payout' as const),
        seller: fc.constantFrom(...sellers),
        fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    );
    const bps = fc.record({
      s1: fc.integer({ min: 0, max: 10_000 }),
      s2: fc.integer({ min: 0, max: 10_000 }),
      s3: fc.integer({ min: 0, max: 10_000 }),
    });

    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), bps, (steps, rates) => {
        const ledger: Posting[] = [];
        const perOrder: Posting[][] = [];
        let paid = 0;
        let refunded = 0;
        let paidOut = 0;
        const sellerShares = new Map<string, number>();
        for (const s of steps) {
          let posted: Posting[] = [];
          if (s.kind === 'order') {
            posted = paymentPostings({
              lines: s.order.lines.map((l, i) => ({ ...l, lineId: `o${perOrder.length}l${i}` })),
              shipping: s.order.shipping,
              tax: s.order.tax,
              commissionBps: (id) => rates[id as keyof typeof rates],
            });
            perOrder.push([...posted]);
            paid -= posted[0]!.amount;
          } else if (s.kind === 'refund' && perOrder.length > 0) {
            const entries = perOrder[s.pick % perOrder.length]!;
            const held = sum(heldAfter(entries));
            const amount = Math.floor(held * s.fraction);
            if (amount === 0) continue;
            posted = refundPostings(heldAfter(entries), amount);
            entries.push(...posted);
            refunded += amount;
          } else if (s.kind === 'payout') {
            const balance = sum(ledger.filter((e) => e.account === 'seller' && e.sellerId === s.seller));
            const amount = Math.floor(Math.max(0, balance) * s.fraction);
            if (amount === 0) continue;
            posted = payoutPostings(s.seller, amount);
            paidOut += amount;
          }
          expect(sum(posted)).toBe(0);
          ledger.push(...posted);
          for (const e of posted) {
            if (e.account === 'seller')
              sellerShares.set(e.sellerId!, (sellerShares.get(e.sellerId!) ?? 0) + e.amount);
          }
        }
        expect(sum(ledger)).toBe(0);
        const cash = sum(ledger.filter((e) => e.account === 'cash'));
        expect(0 - cash).toBe(paid - refunded - paidOut);
        expect(sum(ledger.filter((e) => e.account !== 'cash'))).toBe(paid - refunded - paidOut);
        for (const entries of perOrder) expect(heldAfter(entries).every((e) => e.amount >= 0)).toBe(true);
        for (const id of sellers) {
          expect(sum(ledger.filter((e) => e.account === 'seller' && e.sellerId === id))).toBe(
            sellerShares.get(id) ?? 0,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
