import type { TaxRateRow } from '../../db/schema/checkout.js';
import type { ServiceContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { pageOf, type PageQuery } from '../../platform/schema.js';
import { fieldInvalid, isUniqueViolation } from './errors.js';
import * as q from './queries.js';
import type { CreateTaxRateBody, TaxRate, UpdateTaxRateBody } from './schema.js';

const toTaxRate = (r: TaxRateRow): TaxRate => ({
  id: r.id,
  name: r.name,
  country: r.country,
  region: r.region,
  rate: r.rate,
});

/** One rate per country and region (any case): a second is refused by the unique index. */
async function unlessDuplicate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err, 'tax_rates_country_region_key')) {
      throw fieldInvalid(
        'region',
        'this country and region already have a rate',
        'A rate for this place exists',
      );
    }
    throw err;
  }
}

/** Admin: every tax rate, by country then region. */
export async function listTaxRates(ctx: ServiceContext, query: PageQuery) {
  const { items, total } = await q.listTaxRates(ctx.db, query.pageSize, (query.page - 1) * query.pageSize);
  return pageOf(items.map(toTaxRate), query, total);
}

export async function getTaxRate(ctx: ServiceContext, id: string): Promise<TaxRate> {
  const row = await q.findTaxRate(ctx.db, id);
  if (!row) throw notFound('Tax rate');
  return toTaxRate(row);
}

export async function createTaxRate(ctx: ServiceContext, input: CreateTaxRateBody): Promise<TaxRate> {
  return toTaxRate(
    await unlessDuplicate(() => q.insertTaxRate(ctx.db, { ...input, region: input.region ?? null })),
  );
}

export async function updateTaxRate(
  ctx: ServiceContext,
  id: string,
  input: UpdateTaxRateBody,
): Promise<TaxRate> {
  const row = await unlessDuplicate(() => q.updateTaxRate(ctx.db, id, input));
  if (!row) throw notFound('Tax rate');
  return toTaxRate(row);
}

export async function deleteTaxRate(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await q.deleteTaxRate(ctx.db, id))) throw notFound('Tax rate');
}
