import { expect } from 'vitest';
import { buildTestApp } from '../../test/harness.js';
import { makeUser, type MadeUser } from '../../test/factories.js';

/**
 * The catalogue's HTTP test fixture: an app, an admin, two approved sellers, and helpers that
 * create categories and products through the API (each product with a unique title and SKU).
 */
export async function catalogKit() {
  const t = await buildTestApp();
  const admin = await makeUser(t, { role: 'admin' });
  const seller = await makeUser(t, { role: 'seller', name: 'Nairobi Sound' });
  const other = await makeUser(t, { role: 'seller' });

  const api = (method: string, url: string, who?: MadeUser, payload?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: who ? who.auth : {},
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  let seq = 0;
  async function category(name: string, parentId?: string) {
    const res = await api('POST', '/categories', admin, { name, ...(parentId ? { parentId } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; slug: string };
  }
  async function product(who: MadeUser, categoryId: string, overrides: Record<string, unknown> = {}) {
    seq += 1;
    const res = await api('POST', '/products', who, {
      title: `Product ${seq}`,
      description: 'A fine thing',
      categoryId,
      variants: [{ sku: `SKU-${seq}`, price: 100_00 * seq, stock: 5 }],
      ...overrides,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  return { t, admin, seller, other, api, category, product };
}
