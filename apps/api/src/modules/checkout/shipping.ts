import type { ShippingMethodRow } from '../../db/schema/checkout.js';
import type { ServiceContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { money } from '../../platform/schema.js';
import * as q from './queries.js';
import type {
  CreateShippingMethodBody,
  ShippingMethod,
  ShippingMethodsQuery,
  UpdateShippingMethodBody,
} from './schema.js';

export const toShippingMethod = (m: ShippingMethodRow): ShippingMethod => ({
  id: m.id,
  name: m.name,
  description: m.description,
  price: money(m.priceAmount, m.currency),
  freeAbove: m.freeAboveAmount === null ? null : money(m.freeAboveAmount, m.currency),
  countries: m.countries,
  regions: m.regions,
  estimatedDays:
    m.estimatedDaysMin === null || m.estimatedDaysMax === null
      ? null
      : { min: m.estimatedDaysMin, max: m.estimatedDaysMax },
  enabled: m.enabled,
});

/** Whether a method delivers to this country and region (the same rule as the list's filter). */
export function servesAddress(m: ShippingMethodRow, country: string, region: string | null): boolean {
  const isCountryServed = m.countries.length === 0 || m.countries.includes(country);
  const wanted = (region ?? '').toLowerCase();
  const isRegionServed = m.regions.length === 0 || m.regions.some((r) => r.toLowerCase() === wanted);
  return m.enabled && m.deletedAt === null && isCountryServed && isRegionServed;
}

/**
 * Shipping methods, cheapest first: those that deliver to `country` (and `region`) when given.
 * Shoppers see enabled methods only; an admin sees disabled ones too.
 */
export async function listShippingMethods(
  ctx: ServiceContext,
  query: ShippingMethodsQuery,
): Promise<{ items: ShippingMethod[] }> {
  const rows = await q.selectShippingMethods(ctx.db, {
    ...query,
    enabledOnly: ctx.actor?.role !== 'admin',
  });
  return { items: rows.map(toShippingMethod) };
}

function shippingValues(ctx: ServiceContext, input: UpdateShippingMethodBody) {
  return {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.price !== undefined && { priceAmount: input.price }),
    ...(input.freeAbove !== undefined && { freeAboveAmount: input.freeAbove }),
    ...(input.countries !== undefined && { countries: [...new Set(input.countries)] }),
    ...(input.regions !== undefined && { regions: input.regions }),
    ...(input.estimatedDays !== undefined && {
      estimatedDaysMin: input.estimatedDays?.min ?? null,
      estimatedDaysMax: input.estimatedDays?.max ?? null,
    }),
    ...(input.enabled !== undefined && { enabled: input.enabled }),
    currency: ctx.config.storeCurrency,
  };
}

/** Admin: adds a shipping method (prices in the shop's currency). */
export async function createShippingMethod(
  ctx: ServiceContext,
  input: CreateShippingMethodBody,
): Promise<ShippingMethod> {
  const values = shippingValues(ctx, input);
  return toShippingMethod(
    await q.insertShippingMethod(ctx.db, { ...values, name: input.name, priceAmount: input.price }),
  );
}

/** Admin: changes the fields sent; a deleted or unknown method is 404. */
export async function updateShippingMethod(
  ctx: ServiceContext,
  id: string,
  input: UpdateShippingMethodBody,
): Promise<ShippingMethod> {
  const row = await q.updateShippingMethod(ctx.db, id, shippingValues(ctx, input));
  if (!row) throw notFound('Shipping method');
  return toShippingMethod(row);
}

/** Admin: deletes a method. It is kept for the orders that name it but never offered again. */
export async function deleteShippingMethod(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await q.softDeleteShippingMethod(ctx.db, id))) throw notFound('Shipping method');
}
