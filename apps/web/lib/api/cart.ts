import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import type { Schemas } from '@soko/sdk';
import { cookieBase } from '../auth/tokens';
import { authedRequest, getAccessToken } from './session';
import { callInit, client, settle, type Answer, type CallInit, type DataOf } from './transport';
import type { Result } from './types';

export type Cart = Schemas['Cart'];
export type CartLine = Schemas['CartLine'];

/** The guest cart's token (httpOnly; set only by server actions from the API's `X-Cart-Token`). */
export const CART_COOKIE = 'soko_cart';
const CART_MAX_AGE_SECONDS = 30 * 24 * 3600;

export const EMPTY_CART: Cart = {
  id: null,
  items: [],
  itemCount: 0,
  subtotal: { amount: 0, currency: 'KES' },
};

async function readCartToken() {
  return (await cookies()).get(CART_COOKIE)?.value ?? null;
}

/** Remembers a guest cart token; a no-op while rendering (cookies are read-only there). */
async function rememberCartToken(token: string | null | undefined) {
  if (!token) return;
  try {
    (await cookies()).set({ name: CART_COOKIE, value: token, ...cookieBase, maxAge: CART_MAX_AGE_SECONDS });
  } catch {
    // Rendering a page: only actions write cookies, and only writes create a token.
  }
}

export async function forgetCartToken() {
  (await cookies()).delete({ name: CART_COOKIE, path: '/' });
}

/**
 * One cart call for whoever is shopping: a signed-in user's account cart (with the silent
 * refresh of {@link authedRequest}), otherwise the guest cart of the `soko_cart` cookie. A guest
 * write that created a cart answers its token, which is stored in the cookie.
 */
async function cartRequest<A extends Answer>(
  call: (init: CallInit) => Promise<A>,
): Promise<Result<DataOf<A>>> {
  if (await getAccessToken()) return authedRequest(call);
  const token = await readCartToken();
  let issued: string | null = null;
  const result = await settle(
    call(callInit({ headers: token ? { 'x-cart-token': token } : {} })).then((answer) => {
      issued = answer.response.headers.get('x-cart-token');
      return answer;
    }),
  );
  if (issued && issued !== token) await rememberCartToken(issued);
  return result;
}

/** The shopper's cart; an empty one when there is none yet. Once per request. */
export const getCart = cache(async (): Promise<Cart> => {
  // A guest who never wrote to a cart has none: no request.
  if (!(await readCartToken()) && !(await getAccessToken())) return EMPTY_CART;
  const result = await cartRequest((init) => client.GET('/api/v1/cart', init));
  return result.ok ? result.data : EMPTY_CART;
});

export const addCartItem = (variantId: string, quantity: number) =>
  cartRequest((init) => client.POST('/api/v1/cart/items', { body: { variantId, quantity }, ...init }));

export const setCartItemQuantity = (id: string, quantity: number) =>
  cartRequest((init) =>
    client.PATCH('/api/v1/cart/items/{id}', { params: { path: { id } }, body: { quantity }, ...init }),
  );

export const removeCartItem = (id: string) =>
  cartRequest((init) => client.DELETE('/api/v1/cart/items/{id}', { params: { path: { id } }, ...init }));

/**
 * After sign-in or registration: the guest cart (if any) into the account cart, quantities summed
 * and capped by stock (POST /cart/merge), then the guest cookie is dropped. `accessToken` is the
 * pair just issued (the request's cookies still hold the old state). A failed merge keeps the
 * cookie only when the API was unreachable, so the next sign-in can try again.
 */
export async function mergeGuestCart(accessToken: string): Promise<void> {
  const cartToken = await readCartToken();
  if (!cartToken) return;
  try {
    await settle(
      client.POST('/api/v1/cart/merge', { body: { cartToken }, ...callInit({ token: accessToken }) }),
    );
  } catch {
    return;
  }
  await forgetCartToken();
}
