import type { Money } from './api/types';

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats minor units for display, e.g. `{ amount: 129900, currency: 'KES' }` → "KES 1,299". */
export function formatMoney(money: Money): string {
  let f = formatters.get(money.currency);
  if (!f) {
    f = new Intl.NumberFormat('en-KE', {
      style: 'currency',
      currency: money.currency,
      currencyDisplay: 'code',
    });
    formatters.set(money.currency, f);
  }
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  const value = money.amount / 10 ** digits;
  return f.format(value).replace(/\.00$/, '');
}

/** Minor units → a whole-unit number for price inputs, and back. */
export const toMajor = (minor: number) => Math.round(minor / 100);
export const toMinor = (major: number) => Math.round(major * 100);
