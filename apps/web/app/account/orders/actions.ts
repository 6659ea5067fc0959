'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import * as orders from '@/lib/api/orders';
import { clearSession } from '@/lib/api/session';
import { ApiUnavailableError } from '@/lib/api/transport';
import type { Result } from '@/lib/api/types';
import { invalid, unavailable } from '@/lib/action-problems';

const OrderId = z.uuid('That is not an order id');

/**
 * Cancels one of the caller's orders (before it ships; the API checks its transition table and
 * answers 409 `illegal_transition` otherwise). Stock goes back; a paid order is refunded in full.
 * Answers the order's new status and payment status; the order pages render again.
 */
export async function cancelOrderAction(
  id: string,
): Promise<Result<Pick<orders.Order, 'status' | 'paymentStatus'>>> {
  const parsed = OrderId.safeParse(id);
  if (!parsed.success) return invalid(parsed.error);
  let result: Awaited<ReturnType<typeof orders.cancelOrder>>;
  try {
    result = await orders.cancelOrder(parsed.data);
  } catch (err) {
    if (err instanceof ApiUnavailableError) return { ok: false, problem: unavailable };
    throw err;
  }
  if (!result.ok) {
    if (result.problem.status === 401) {
      await clearSession();
      redirect(`/sign-in?next=/account/orders/${parsed.data}`);
    }
    return result;
  }
  revalidatePath('/account/orders', 'layout');
  return { ok: true, data: { status: result.data.status, paymentStatus: result.data.paymentStatus } };
}
