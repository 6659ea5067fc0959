// Test helpers for carts, checkout and orders: a seller with sellable variants, made through the API.
import { expect } from 'vitest';
import { makeUser, type MadeUser } from '../../test/factories.js';
import type { TestApp } from '../../test/harness.js';

export interface TestShop {
  admin: MadeUser;
  seller: MadeUser;
  categoryId: string;
}

export interface TestVariant {
  productId: string;
  variantId: string;
  slug: string;
}

let seq = 0;

export const apiCall =
  (t: TestApp) =>
  (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers: Record<string, string> = {},
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

/** An admin, an approved seller and a category. */
export async function makeShop(t: TestApp): Promise<TestShop> {
  const admin = await makeUser(t, { role: 'admin' });
  const seller = await makeUser(t, { role: 'seller', name: 'Duka Seller' });
  seq += 1;
  const res = await apiCall(t)('POST', '/categories', admin.auth, { name: `Test category ${seq}` });
  expect(res.statusCode, res.body).toBe(201);
  return { admin, seller, categoryId: res.json().id };
}

/** An active product of the shop's seller with one variant at this price and stock. */
export async function makeVariant(
  t: TestApp,
  shop: TestShop,
  {
    price = 1000_00,
    stock = 10,
    seller = shop.seller,
  }: { price?: number; stock?: number; seller?: MadeUser } = {},
): Promise<TestVariant> {
  seq += 1;
  const res = await apiCall(t)('POST', '/products', seller.auth, {
    title: `Test product ${seq}`,
    description: 'For tests',
    categoryId: shop.categoryId,
    variants: [{ sku: `T-${seq}-${Date.now()}`, price, stock }],
  });
  expect(res.statusCode, res.body).toBe(201);
  const p = res.json();
  return { productId: p.id, variantId: p.variants[0].id, slug: p.slug };
}
