import { AppError, notFound } from '../../platform/errors.js';

export const orderNotFound = () => notFound('Order');

export const illegalTransition = (from: string, to: string) =>
  new AppError('illegal_transition', {
    detail: `An order cannot move from ${from} to ${to}`,
    meta: { from, to },
  });

export const outOfStock = (lines: { variantId: string; requested: number; available: number }[]) =>
  new AppError('out_of_stock', {
    detail: 'Some items are no longer in stock in the quantity asked for; nothing was ordered',
    meta: { lines },
  });

export const emptyCart = () =>
  new AppError('validation_failed', {
    detail: 'The cart is empty',
    fields: [{ path: 'cart', message: 'has no items' }],
  });

export const payoutExceedsBalance = (balance: number) =>
  new AppError('validation_failed', {
    detail: `The seller's balance is ${balance}; a payout cannot exceed it`,
    fields: [{ path: 'amount', message: 'exceeds the seller balance' }],
  });
