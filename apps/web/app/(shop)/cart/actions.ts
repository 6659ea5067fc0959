'use server';
import { refresh } from 'next/cache';
import { z } from 'zod';
import * as cart from '@/lib/api/cart';
import type { Result } from '@/lib/api/types';
import { guarded } from '@/lib/action-guard';
import { invalid } from '@/lib/action-problems';
import { addRefusal } from '@/lib/cart/add-refusal';

const Line = z.object({ variantId: z.uuid(), quantity: z.number().int().min(1).max(99) });
const Change = z.object({ id: z.uuid(), quantity: z.number().int().min(0).max(99) });

type CartResult = Result<{ itemCount: number }>;
const counted = (result: Result<cart.Cart>): CartResult =>
  result.ok ? { ok: true, data: { itemCount: result.data.itemCount } } : result;

/** Add to cart's answer: done, or the one sentence the product page shows. */
export type AddOutcome = { ok: true } | { ok: false; message: string };

/**
 * Adds units of a variant (Add to cart's form: `variantId`, `quantity`); a guest's first write
 * stores the new cart token in `soko_cart`. A success refreshes the route, so the header's
 * server-rendered count arrives with the answer.
 */
export async function addToCartAction(_previous: AddOutcome | null, form: FormData): Promise<AddOutcome> {
  const parsed = Line.safeParse({ variantId: form.get('variantId'), quantity: Number(form.get('quantity')) });
  const result = parsed.success
    ? await guarded(() => cart.addCartItem(parsed.data.variantId, parsed.data.quantity))
    : invalid(parsed.error);
  if (!result.ok) return { ok: false, message: addRefusal(result.problem) };
  refresh();
  return { ok: true };
}

/** Sets a line's quantity (0 removes it). */
export async function setCartLineAction(input: { id: string; quantity: number }): Promise<CartResult> {
  const parsed = Change.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return counted(await guarded(() => cart.setCartItemQuantity(parsed.data.id, parsed.data.quantity)));
}

export async function removeCartLineAction(id: string): Promise<Result<null>> {
  if (!z.uuid().safeParse(id).success)
    return { ok: false, problem: { title: 'Not found', status: 404, code: 'not_found' } };
  const result = await guarded(() => cart.removeCartItem(id));
  return result.ok ? { ok: true, data: null } : result;
}
