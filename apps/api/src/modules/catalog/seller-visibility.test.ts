import { describe, expect, it } from 'vitest';
import { contextFor } from '../../platform/context.js';
import { buildTestApp } from '../../test/harness.js';
import { makeUser, type MadeUser } from '../../test/factories.js';
import { findVariantsForCart } from './index.js';
import { apiCall } from './stock.test-shop.js';

const t = await buildTestApp();
const admin = await makeUser(t, { role: 'admin' });
const seller = await makeUser(t, { role: 'seller', name: 'Zanzibar Spice Co' });
const neighbour = await makeUser(t, { role: 'seller' });
const call = apiCall(t);
const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who?: MadeUser, payload?: unknown) =>
  call(method, url, who?.auth ?? {}, payload);

const category = (await api('POST', '/categories', admin, { name: 'Spices' })).json() as { id: string };
const create = async (who: MadeUser, title: string, sku: string) => {
  const res = await api('POST', '/products', who, {
    title,
    description: 'Fragrant',
    categoryId: category.id,
    variants: [{ sku, price: 500_00, stock: 9 }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; slug: string; variants: { id: string }[] };
};
const product = await create(seller, 'Cardamom pods', 'CARD-1');
const beside = await create(neighbour, 'Cinnamon sticks', 'CINN-1');

/** Where a shopper can meet the product, each answering whether it is there. */
async function shopperSees() {
  const ids = (body: { items: { id?: string; slug?: string }[] }) => body.items.map((i) => i.id ?? i.slug);
  const list = (await api('GET', `/products?category=${category.id}`)).json();
  const search = (await api('GET', '/products?q=cardamom')).json();
  const suggest = (await api('GET', '/search/suggest?q=carda')).json();
  const related = (await api('GET', `/products/${beside.id}/related`)).json();
  const tree = (await api('GET', '/categories')).json();
  const [variant] = await findVariantsForCart(contextFor(t.platform), [product.variants[0]!.id]);
  return {
    list: ids(list).includes(product.id),
    search: ids(search).includes(product.id),
    suggest: ids(suggest).includes(product.slug),
    detail: (await api('GET', `/products/${product.slug}`)).statusCode === 200,
    related: ids(related).includes(product.id),
    counted: tree.items.find((c: { id: string }) => c.id === category.id).productCount === 2,
    buyable: variant!.isBuyable,
  };
}
const everywhere = {
  list: true,
  search: true,
  suggest: true,
  detail: true,
  related: true,
  counted: true,
  buyable: true,
};
const nowhere = Object.fromEntries(Object.keys(everywhere).map((k) => [k, false]));

const setSeller = async (body: Record<string, string>) => {
  const res = await api('PATCH', `/users/${seller.user.id}`, admin, body);
  expect(res.statusCode, res.body).toBe(200);
};

describe("a seller's standing decides whether shoppers see its products", () => {
  it('an approved seller’s product is listed, searchable, suggested, shown, related, counted and buyable', async () => {
    expect(await shopperSees()).toEqual(everywhere);
  });

  it('rejecting the seller hides its products everywhere for shoppers; the seller and the admin still see them; approving brings them back', async () => {
    await setSeller({ sellerStatus: 'rejected' });
    expect(await shopperSees()).toEqual(nowhere);
    expect((await api('GET', `/products/${product.id}`, seller)).statusCode).toBe(200);
    expect((await api('GET', `/products/${product.id}`, admin)).statusCode).toBe(200);
    const own = (await api('GET', '/seller/products', seller)).json();
    expect(own.items.map((i: { id: string }) => i.id)).toContain(product.id);
    // The other seller's product is untouched.
    expect((await api('GET', `/products/${beside.id}`)).statusCode).toBe(200);

    await setSeller({ sellerStatus: 'approved' });
    expect(await shopperSees()).toEqual(everywhere);
  });

  it('disabling the seller’s account hides its products; re-enabling it brings them back', async () => {
    await setSeller({ status: 'disabled' });
    expect(await shopperSees()).toEqual(nowhere);
    expect((await api('GET', `/products/${product.id}`, admin)).statusCode).toBe(200);
    await setSeller({ status: 'active' });
    expect(await shopperSees()).toEqual(everywhere);
  });

  it('deleting the seller’s account hides its products for good', async () => {
    const gone = await makeUser(t, { role: 'seller' });
    const p = await create(gone, 'Saffron threads', 'SAFF-1');
    expect((await api('GET', `/products/${p.id}`)).statusCode).toBe(200);
    expect((await api('DELETE', `/users/${gone.user.id}`, admin)).statusCode).toBe(204);
    expect((await api('GET', `/products/${p.id}`)).statusCode).toBe(404);
  });
});
