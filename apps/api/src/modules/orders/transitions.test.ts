import { describe, expect, it } from 'vitest';
import {
  canMoveLine,
  canMoveOrder,
  derivedOrderStatus,
  orderStatuses,
  orderTransitions,
  pathBetween,
  paymentStatusOnEnter,
} from './transitions.js';

describe('order transition table', () => {
  it('allows exactly the moves of API.md', () => {
    const legal = orderStatuses.flatMap((from) => orderTransitions[from].map((to) => `${from}->${to}`));
    expect(legal.sort()).toEqual(
      [
        'pending_payment->paid',
        'pending_payment->cancelled',
        'confirmed->processing',
        'confirmed->cancelled',
        'paid->processing',
        'paid->cancelled',
        'processing->shipped',
        'processing->cancelled',
        'shipped->delivered',
      ].sort(),
    );
  });

  it('refuses shipped or delivered orders to be cancelled and terminal states to move', () => {
    expect(canMoveOrder('shipped', 'cancelled', 'admin')).toBe(false);
    expect(canMoveOrder('delivered', 'cancelled', 'admin')).toBe(false);
    expect(canMoveOrder('cancelled', 'cancelled', 'admin')).toBe(false);
    expect(canMoveOrder('cancelled', 'paid', 'system')).toBe(false);
    expect(canMoveOrder('pending_payment', 'shipped', 'admin')).toBe(false);
  });

  it('lets a customer only cancel, and only before shipping; a seller never moves the order', () => {
    for (const from of ['pending_payment', 'confirmed', 'paid', 'processing'] as const) {
      expect(canMoveOrder(from, 'cancelled', 'customer')).toBe(true);
    }
    expect(canMoveOrder('shipped', 'cancelled', 'customer')).toBe(false);
    expect(canMoveOrder('pending_payment', 'paid', 'customer')).toBe(false);
    expect(canMoveOrder('paid', 'processing', 'seller')).toBe(false);
  });

  it('moves lines forward only', () => {
    expect(canMoveLine('pending', 'shipped')).toBe(true);
    expect(canMoveLine('shipped', 'processing')).toBe(false);
    expect(canMoveLine('delivered', 'cancelled')).toBe(false);
  });

  it('derives the order status from its lines, ignoring cancelled lines', () => {
    expect(derivedOrderStatus('paid', ['processing', 'pending'])).toBe('processing');
    expect(derivedOrderStatus('processing', ['shipped', 'processing'])).toBe('processing');
    expect(derivedOrderStatus('processing', ['shipped', 'delivered'])).toBe('shipped');
    expect(derivedOrderStatus('shipped', ['delivered', 'delivered', 'cancelled'])).toBe('delivered');
    expect(derivedOrderStatus('pending_payment', ['shipped'])).toBe('pending_payment');
    expect(derivedOrderStatus('paid', ['pending'])).toBe('paid');
  });

  it('finds the legal path between two statuses, never through cancelled', () => {
    expect(pathBetween('paid', 'shipped')).toEqual(['processing', 'shipped']);
    expect(pathBetween('confirmed', 'delivered')).toEqual(['processing', 'shipped', 'delivered']);
    expect(pathBetween('shipped', 'processing')).toEqual([]);
    expect(pathBetween('paid', 'paid')).toEqual([]);
  });

  it('refunds a paid order on cancellation and leaves an unpaid one unpaid', () => {
    expect(paymentStatusOnEnter.cancelled!('paid')).toBe('refunded');
    expect(paymentStatusOnEnter.cancelled!('unpaid')).toBe('unpaid');
    expect(paymentStatusOnEnter.cancelled!('pending')).toBe('pending');
  });
});
