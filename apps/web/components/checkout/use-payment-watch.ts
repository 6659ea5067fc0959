'use client';
import { useEffect, useRef, useState } from 'react';
import {
  mpesaStatusAction,
  paymentStateAction,
  realtimeTicketAction,
  type PaymentState,
} from '@/app/checkout/actions';
import { openEvents } from '@/lib/realtime/socket';

const POLL_MS = 3000;
const paymentSettled = (s: PaymentState) => s.paymentStatus !== 'pending';

/**
 * Watches an order until its payment is no longer pending: over `/ws` (`payment.updated` and
 * `order.updated` make it read the order again), and by polling when the socket cannot be used
 * (M-Pesa attempts ask GET /payments/mpesa/transactions/{id}/status, which queries Daraja).
 * The order is also read once the socket is open, so an event sent before then is not missed.
 * `isSettled` says when to stop (by default: the order's payment is no longer pending).
 */
export function usePaymentWatch(
  orderId: string,
  checkoutRequestId: string | null,
  onSettled: (s: PaymentState) => void,
  isSettled: (s: PaymentState) => boolean = paymentSettled,
) {
  const [mode, setMode] = useState<'live' | 'polling' | 'connecting'>('connecting');
  const settled = useRef(onSettled);
  const done = useRef(isSettled);
  useEffect(() => {
    settled.current = onSettled;
    done.current = isSettled;
  }, [onSettled, isSettled]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    const check = async () => {
      if (stopped || inFlight) return;
      inFlight = true;
      try {
        const state = await paymentStateAction(orderId);
        if (!stopped && state.ok && done.current(state.data)) {
          stopped = true;
          settled.current(state.data);
        }
      } finally {
        inFlight = false;
      }
    };
    const poll = async () => {
      if (stopped) return;
      if (checkoutRequestId) await mpesaStatusAction(checkoutRequestId).catch(() => undefined);
      await check().catch(() => undefined);
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    const close = openEvents({
      getTicket: async () => {
        const ticket = await realtimeTicketAction();
        return ticket.ok ? ticket.data : null;
      },
      onOpen: () => {
        setMode('live');
        void check();
      },
      onEvent: (event) => {
        if (event.type === 'payment.updated' || event.type === 'order.updated') void check();
      },
      onFail: () => {
        setMode('polling');
        void poll();
      },
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
      close();
    };
  }, [orderId, checkoutRequestId]);

  return mode;
}
