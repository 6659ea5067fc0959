import 'server-only';
import { cache } from 'react';
import type { Schemas } from '@soko/sdk';
import { findProduct } from './catalog';
import { authedRequest } from './session';
import { ApiProblemError, client, compactQuery, orThrow } from './transport';
import type { Page, Result } from './types';

/** The SDK's own order and payment types (client components import these as types only). */
export type Order = Schemas['Order'];
export type OrderItem = Schemas['OrderItem'];
export type OrderEvent = Schemas['OrderEvent'];
export type OrderStatus = Order['status'];
export type OrderPaymentStatus = Order['paymentStatus'];
/** A payment attempt as the order carries it (`order.payments`, oldest first). */
export type OrderPayment = Order['payments'][number];

export const ORDERS_PAGE_SIZE = 10;

/** The caller's orders, newest first, one page (`status` filters). */
export async function listOrders(query: { status?: OrderStatus; page?: number }): Promise<Page<Order>> {
  return orThrow(
    await authedRequest((init) =>
      client.GET('/api/v1/orders', {
        params: { query: compactQuery({ ...query, pageSize: ORDERS_PAGE_SIZE }) },
        ...init,
      }),
    ),
  );
}

/**
 * One of the caller's orders, or `null` when there is none by that id: the API answers 404 for
 * another customer's order too, and 400 for an id that is not a UUID. Once per request.
 */
export const findOrder = cache(async (id: string): Promise<Order | null> => {
  const result = await authedRequest((init) =>
    client.GET('/api/v1/orders/{id}', { params: { path: { id } }, ...init }),
  );
  if (result.ok) return result.data;
  if (result.problem.status === 404 || result.problem.status === 400) return null;
  throw new ApiProblemError(result.problem);
});

/** `POST /orders/{id}/cancel`: the customer cancels before shipping; answers the cancelled order. */
export const cancelOrder = (id: string): Promise<Result<Order>> =>
  authedRequest((init) =>
    client.POST('/api/v1/orders/{id}/cancel', { params: { path: { id } }, body: {}, ...init }),
  );

export interface LineProduct {
  slug: string;
  /** The smallest thumbnail of the variant's product, as the browser fetches it. */
  image: { url: string; alt: string } | null;
}

/**
 * What the catalogue knows today of the products an order holds (slug for a link, a thumbnail),
 * keyed by product id. The order keeps its own snapshot of title, options and prices; a product
 * since removed from sale simply has no entry. Reads are the catalogue's tagged, cached ones.
 */
export async function findLineProducts(items: OrderItem[]): Promise<Map<string, LineProduct>> {
  const ids = [...new Set(items.map((i) => i.productId))];
  const found = await Promise.all(ids.map((id) => findProduct(id).catch(() => null)));
  const out = new Map<string, LineProduct>();
  found.forEach((p, i) => {
    if (!p) return;
    const first = p.images[0];
    const thumb = first
      ? ([...first.thumbnails].sort((a, b) => a.width - b.width)[0]?.url ?? first.url)
      : null;
    out.set(ids[i]!, { slug: p.slug, image: thumb ? { url: thumb, alt: first?.alt || p.title } : null });
  });
  return out;
}
