/**
 * The marketplace ledger's arithmetic, free of the database. Every posting is a set of entries
 * that sums to zero. A positive amount credits an account (what the shop holds for it), a
 * negative one debits it; `cash` is debited when a customer's money comes in and credited when
 * money leaves (a refund or a payout).
 */

export type LedgerAccount = 'cash' | 'seller' | 'commission' | 'shipping' | 'tax';

export interface Posting {
  account: LedgerAccount;
  sellerId: string | null;
  orderLineId: string | null;
  amount: number;
}

export interface PaidLine {
  lineId: string;
  sellerId: string;
  /** What the customer paid for the line's goods: line total less its discount share, less its tax when prices include tax. */
  net: number;
}

/** Basis points of `amount`, rounded half up (amounts are non-negative minor units). */
export const bpsOf = (amount: number, bps: number) => Math.floor((amount * bps + 5_000) / 10_000);

/**
 * The entries for an order's payment: each line credits its seller the net less the commission
 * and the shop the commission; shipping and tax are credited to their own shop accounts; cash is
 * debited the total.
 */
export function paymentPostings(input: {
  lines: readonly PaidLine[];
  shipping: number;
  tax: number;
  commissionBps: (sellerId: string) => number;
}): Posting[] {
  const entries: Posting[] = [];
  for (const line of input.lines) {
    const commission = bpsOf(line.net, input.commissionBps(line.sellerId));
    entries.push({
      account: 'seller',
      sellerId: line.sellerId,
      orderLineId: line.lineId,
      amount: line.net - commission,
    });
    if (commission !== 0) {
      entries.push({ account: 'commission', sellerId: null, orderLineId: line.lineId, amount: commission });
    }
  }
  if (input.shipping !== 0)
    entries.push({ account: 'shipping', sellerId: null, orderLineId: null, amount: input.shipping });
  if (input.tax !== 0) entries.push({ account: 'tax', sellerId: null, orderLineId: null, amount: input.tax });
  const total = entries.reduce((sum, e) => sum + e.amount, 0);
  return [{ account: 'cash', sellerId: null, orderLineId: null, amount: 0 - total }, ...entries];
}

/**
 * The reversing entries for a refund of `amount`: spread over what is still held for the order
 * (`held`: its credit entries net of earlier refunds, optionally only some lines') in proportion,
 * largest remainder first so the parts sum exactly to `amount`; cash is credited `amount`.
 * Throws a RangeError when `amount` exceeds what is held.
 */
export function refundPostings(held: readonly Posting[], amount: number): Posting[] {
  const credits = held.filter((e) => e.account !== 'cash' && e.amount > 0);
  const available = credits.reduce((sum, e) => sum + e.amount, 0);
  if (!Number.isInteger(amount) || amount <= 0 || amount > available) {
    throw new RangeError(`refund of ${amount} exceeds the ${available} held for the order`);
  }
  const shares = credits.map((e, i) => {
    const exact = (e.amount * amount) / available;
    return { i, part: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = amount - shares.reduce((sum, s) => sum + s.part, 0);
  for (const s of [...shares].sort((a, b) => b.rest - a.rest || a.i - b.i)) {
    if (left === 0) break;
    if (s.part < credits[s.i]!.amount) {
      s.part += 1;
      left -= 1;
    }
  }
  const entries = shares.filter((s) => s.part !== 0).map((s) => ({ ...credits[s.i]!, amount: -s.part }));
  return [{ account: 'cash', sellerId: null, orderLineId: null, amount }, ...entries];
}

/** A payout to a seller: its balance goes down, cash leaves the shop. */
export function payoutPostings(sellerId: string, amount: number): Posting[] {
  return [
    { account: 'seller', sellerId, orderLineId: null, amount: -amount },
    { account: 'cash', sellerId: null, orderLineId: null, amount },
  ];
}

/** What is still held per (account, seller, line) after the given entries (payment plus refunds). */
export function heldAfter(entries: readonly Posting[]): Posting[] {
  const held = new Map<string, Posting>();
  for (const e of entries) {
    if (e.account === 'cash') continue;
    const key = `${e.account}|${e.sellerId ?? ''}|${e.orderLineId ?? ''}`;
    const at = held.get(key);
    if (at) at.amount += e.amount;
    else held.set(key, { ...e });
  }
  return [...held.values()];
}
