import 'server-only';
import type { paths, Schemas } from '@soko/sdk';
import { authedRequest } from './session';
import { callInit, client, settle } from './transport';

export type ShippingMethod = Schemas['ShippingMethod'];
export type Quote = Schemas['Quote'];
export type Order = Schemas['Order'];
export type OrderBody = NonNullable<
  paths['/api/v1/orders']['post']['requestBody']
>['content']['application/json'];
export type QuoteBody = NonNullable<
  paths['/api/v1/checkout/quote']['post']['requestBody']
>['content']['application/json'];

/** Shipping methods that serve a country (and region). Public, never cached: prices change. */
export const listShippingMethods = (country: string, region?: string | null) =>
  settle(
    client.GET('/api/v1/shipping-methods', {
      params: { query: { country, ...(region ? { region } : {}) } },
      ...callInit(),
    }),
  );

/** The server's price of the cart for an address, method and coupon. */
export const quoteCheckout = (body: QuoteBody) =>
  authedRequest((init) => client.POST('/api/v1/checkout/quote', { body, ...init }));

/** Places the order; `idempotencyKey` makes a repeated click or reload answer the same order. */
export const placeOrder = (body: OrderBody, idempotencyKey: string) =>
  authedRequest((init) =>
    client.POST('/api/v1/orders', {
      body,
      ...init,
      headers: { ...init.headers, 'idempotency-key': idempotencyKey },
    }),
  );

export const findOrder = (id: string) =>
  authedRequest((init) => client.GET('/api/v1/orders/{id}', { params: { path: { id } }, ...init }));
