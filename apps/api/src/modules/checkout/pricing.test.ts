import { describe, expect, it } from 'vitest';
import {
  couponDiscount,
  divideHalfUp,
  lineTax,
  priceOrder,
  spreadByWeight,
  type PricingInput,
} from './pricing.js';

const base: PricingInput = {
  lines: [],
  coupon: null,
  shipping: { price: 300_00, freeAbove: null },
  taxRate: 0,
  pricesIncludeTax: false,
};

describe('rounding', () => {
  it('rounds half up', () => {
    expect([5n, 14n, 15n, 16n, 25n].map((n) => divideHalfUp(n, 10n))).toEqual([1n, 1n, 2n, 2n, 3n]);
    expect(divideHalfUp(0n, 7n)).toBe(0n);
  });

  it('spreads KES 100.00 over 100.00, 200.00 and 300.00 as 16.67, 33.33 and 50.00', () => {
    // 10000 × (1/6, 2/6, 3/6) = 1666.67, 3333.33, 5000: floors sum to 9999; the 1 left goes to .67.
    expect(spreadByWeight(100_00, [100_00, 200_00, 300_00])).toEqual([16_67, 33_33, 50_00]);
  });

  it('gives leftover units to the largest remainders, the earlier line on a tie', () => {
    // 10 over three equal lines: 3.33 each, one unit left, to the first.
    expect(spreadByWeight(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // 2 over weights 1, 1, 1: 0.67 each, two units left, to the first two.
    expect(spreadByWeight(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(spreadByWeight(0, [5, 5])).toEqual([0, 0]);
    expect(spreadByWeight(5, [0, 0])).toEqual([0, 0]);
  });

  it('spread parts always sum to the amount and never exceed their line', () => {
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 500; run++) {
      const weights = Array.from({ length: 1 + next(12) }, () => next(5_000_00));
      const total = weights.reduce((a, b) => a + b, 0);
      const amount = total === 0 ? 0 : next(total + 1);
      const parts = spreadByWeight(amount, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
      parts.forEach((p, i) => expect(p).toBeLessThanOrEqual(weights[i]!));
    }
  });

  it('computes percent discounts half up and caps fixed ones at the subtotal', () => {
    expect(couponDiscount({ type: 'percent', value: 15 }, 33_33)).toBe(5_00); // 499.95 → 500
    expect(couponDiscount({ type: 'percent', value: 15 }, 33_30)).toBe(5_00); // 499.5 → 500
    expect(couponDiscount({ type: 'percent', value: 15 }, 33_29)).toBe(4_99); // 499.35 → 499
    expect(couponDiscount({ type: 'fixed', value: 500_00 }, 120_00)).toBe(120_00);
    expect(couponDiscount({ type: 'free_shipping' }, 120_00)).toBe(0);
    expect(couponDiscount(null, 120_00)).toBe(0);
  });

  it('adds tax on top, or extracts it from tax-inclusive amounts, half up', () => {
    expect(lineTax(5, 1000, false)).toBe(1); // 0.5 → 1
    expect(lineTax(4, 1000, false)).toBe(0); // 0.4 → 0
    expect(lineTax(15, 1000, false)).toBe(2); // 1.5 → 2
    expect(lineTax(116_00, 1600, true)).toBe(16_00); // 11600 × 1600 / 11600
    expect(lineTax(10_00, 1600, true)).toBe(1_38); // 137.93 → 138
  });
});

describe('priceOrder', () => {
  it('spreads a fixed discount, taxes each line after it, and adds tax when prices exclude it', () => {
    const totals = priceOrder({
      ...base,
      lines: [
        { unitPrice: 100_00, quantity: 1 },
        { unitPrice: 100_00, quantity: 2 },
        { unitPrice: 300_00, quantity: 1 },
      ],
      coupon: { type: 'fixed', value: 100_00 },
      taxRate: 1600,
    });
    // Nets 83.33, 166.67, 250.00 at 16%: 13.3328 → 13.33, 26.6672 → 26.67, 40.00.
    expect(totals.lines).toEqual([
      { lineTotal: 100_00, discount: 16_67, tax: 13_33 },
      { lineTotal: 200_00, discount: 33_33, tax: 26_67 },
      { lineTotal: 300_00, discount: 50_00, tax: 40_00 },
    ]);
    expect(totals).toMatchObject({
      subtotal: 600_00,
      discount: 100_00,
      shipping: 300_00,
      tax: 80_00,
      total: 600_00 - 100_00 + 300_00 + 80_00,
      taxIncluded: false,
    });
  });

  it('extracts tax from tax-inclusive prices and leaves it out of the total', () => {
    const totals = priceOrder({
      ...base,
      lines: [
        { unitPrice: 1_160_00, quantity: 1 },
        { unitPrice: 10_00, quantity: 1 },
      ],
      coupon: { type: 'percent', value: 10 },
      taxRate: 1600,
      pricesIncludeTax: true,
    });
    // Discount 10% of 1170.00 = 117.00, spread 1160:10 → 116.00 and 1.00.
    // Nets 1044.00 and 9.00: tax 1044 × 16/116 = 144.00, 9 × 16/116 = 1.2414 → 1.24.
    expect(totals.lines).toEqual([
      { lineTotal: 1_160_00, discount: 116_00, tax: 144_00 },
      { lineTotal: 10_00, discount: 1_00, tax: 1_24 },
    ]);
    expect(totals).toMatchObject({
      discount: 117_00,
      tax: 145_24,
      total: 1_170_00 - 117_00 + 300_00,
      taxIncluded: true,
    });
  });

  it('ships free above the threshold, counted on the subtotal after discount', () => {
    const lines = [{ unitPrice: 5_000_00, quantity: 1 }];
    const at = (freeAbove: number, coupon: PricingInput['coupon'] = null) =>
      priceOrder({ ...base, lines, coupon, shipping: { price: 300_00, freeAbove } }).shipping;
    expect(at(5_000_00)).toBe(0);
    expect(at(5_000_01)).toBe(300_00);
    // 5000 − 1000 = 4000 after the coupon: below 4500, so shipping is charged.
    expect(at(4_500_00, { type: 'fixed', value: 1_000_00 })).toBe(300_00);
    expect(at(4_000_00, { type: 'fixed', value: 1_000_00 })).toBe(0);
  });

  it('a free-shipping coupon zeroes shipping and discounts nothing else', () => {
    const totals = priceOrder({
      ...base,
      lines: [{ unitPrice: 200_00, quantity: 3 }],
      coupon: { type: 'free_shipping' },
      taxRate: 1600,
    });
    expect(totals).toMatchObject({ subtotal: 600_00, discount: 0, shipping: 0, tax: 96_00, total: 696_00 });
  });

  it('a fixed coupon above the subtotal leaves only shipping to pay', () => {
    const totals = priceOrder({
      ...base,
      lines: [{ unitPrice: 50_00, quantity: 1 }],
      coupon: { type: 'fixed', value: 80_00 },
      taxRate: 1600,
    });
    expect(totals).toMatchObject({ discount: 50_00, tax: 0, total: 300_00 });
  });

  it('keeps exact minor units on amounts beyond 2^53 intermediate products', () => {
    const totals = priceOrder({
      ...base,
      lines: [{ unitPrice: 99_999_999_99, quantity: 1_000 }],
      taxRate: 1600,
    });
    // 9,999,999,999,000 × 1600 = 1.6 × 10^16 (above 2^53) before the division.
    expect(totals.tax).toBe(1_599_999_999_840);
  });
});
