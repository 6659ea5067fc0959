// Checkout arithmetic, free of I/O: every total of a quote and an order comes from here.
// Money is integer minor units; intermediate products go through BigInt so no amount a shop can
// hold loses precision.

/** Divides two non-negative integers, rounding half up (0.5 → 1). */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * Splits `amount` over parts in proportion to `weights` so that the parts sum exactly to
 * `amount` (largest remainder): each part is first rounded down, then the units left over go one
 * each to the parts with the largest remainders, the earlier part first on a tie. With
 * `amount <= sum(weights)` no part exceeds its weight.
 */
export function spreadByWeight(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || amount === 0) return weights.map(() => 0);
  const a = BigInt(amount);
  const t = BigInt(total);
  const parts = weights.map((w, index) => {
    const exact = a * BigInt(w);
    return { index, floor: exact / t, remainder: exact % t };
  });
  let left = a - parts.reduce((sum, p) => sum + p.floor, 0n);
  const byRemainder = [...parts].sort((x, y) =>
    x.remainder === y.remainder ? x.index - y.index : x.remainder > y.remainder ? -1 : 1,
  );
  for (const p of byRemainder) {
    if (left === 0n) break;
    p.floor += 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p.floor));
}

export type CouponEffect =
  { type: 'percent'; value: number } | { type: 'fixed'; value: number } | { type: 'free_shipping' };

export interface PricingInput {
  lines: readonly { unitPrice: number; quantity: number }[];
  coupon: CouponEffect | null;
  shipping: { price: number; freeAbove: number | null };
  /** Basis points: 1600 = 16%. */
  taxRate: number;
  /** Prices already include tax (`PRICES_INCLUDE_TAX`): tax is extracted, not added. */
  pricesIncludeTax: boolean;
}

export interface PricedLine {
  lineTotal: number;
  /** This line's part of the order discount. */
  discount: number;
  tax: number;
}

export interface Totals {
  lines: PricedLine[];
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  taxIncluded: boolean;
}

/** The discount a coupon gives on a subtotal: percent rounded half up, fixed at most the subtotal. */
export function couponDiscount(coupon: CouponEffect | null, subtotal: number): number {
  if (!coupon || coupon.type === 'free_shipping') return 0;
  if (coupon.type === 'percent') return Number(divideHalfUp(BigInt(subtotal) * BigInt(coupon.value), 100n));
  return Math.min(coupon.value, subtotal);
}

/** Tax on an amount after discount: added on top, or the part of a tax-inclusive amount that is tax. */
export function lineTax(net: number, rate: number, pricesIncludeTax: boolean): number {
  const n = BigInt(net) * BigInt(rate);
  return Number(pricesIncludeTax ? divideHalfUp(n, 10_000n + BigInt(rate)) : divideHalfUp(n, 10_000n));
}

/**
 * Prices an order:
 * 1. line total = unit price × quantity; subtotal = their sum;
 * 2. discount from the coupon on the subtotal (percent rounded half up; fixed capped at the
 *    subtotal), spread over the lines in proportion to their totals by largest remainder so the
 *    parts sum exactly to the discount;
 * 3. tax per line on (line total − its discount part), rounded half up per line; with prices
 *    including tax it is the tax inside that amount (`net × rate / (10000 + rate)`), otherwise
 *    `net × rate / 10000` added on top; shipping is not taxed;
 * 4. shipping is free with a free-shipping coupon, or when the subtotal after discount reaches
 *    the method's `freeAbove`; otherwise its flat price;
 * 5. total = subtotal − discount + shipping (+ tax only when prices exclude it).
 */
export function priceOrder(input: PricingInput): Totals {
  const lineTotals = input.lines.map((l) => l.unitPrice * l.quantity);
  const subtotal = lineTotals.reduce((a, b) => a + b, 0);
  const discount = couponDiscount(input.coupon, subtotal);
  const parts = spreadByWeight(discount, lineTotals);
  const lines = lineTotals.map((lineTotal, i) => ({
    lineTotal,
    discount: parts[i]!,
    tax: lineTax(lineTotal - parts[i]!, input.taxRate, input.pricesIncludeTax),
  }));
  const tax = lines.reduce((sum, l) => sum + l.tax, 0);
  const isFreeShipping =
    input.coupon?.type === 'free_shipping' ||
    (input.shipping.freeAbove !== null && subtotal - discount >= input.shipping.freeAbove);
  const shipping = isFreeShipping ? 0 : input.shipping.price;
  return {
    lines,
    subtotal,
    discount,
    shipping,
    tax,
    total: subtotal - discount + shipping + (input.pricesIncludeTax ? 0 : tax),
    taxIncluded: input.pricesIncludeTax,
  };
}
