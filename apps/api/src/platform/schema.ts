import { z } from 'zod';

/**
 * The largest amount of money the API takes or stores, in minor units: 10^12 (KES 10 billion).
 * Money columns are `bigint`; the bound keeps every amount a safe JavaScript integer. Whoever
 * multiplies or sums amounts (line totals, order totals) must keep the result within this bound
 * too (refuse past it): MAX_MINOR_UNITS × MAX_COUNT is beyond Number.MAX_SAFE_INTEGER.
 */
export const MAX_MINOR_UNITS = 1_000_000_000_000;
/**
 * The largest count the API takes: a stock, a quantity. Counts are stored as `integer`; 100
 * variants at MAX_COUNT still sum below 2^31.
 */
export const MAX_COUNT = 10_000_000;

/** Money in answers: integer minor units plus an ISO 4217 currency. */
export const Money = z
  .object({
    amount: z.number().int().describe('Minor units (cents): 129900 is KES 1,299.00'),
    currency: z.string().length(3).describe('ISO 4217'),
  })
  .meta({ id: 'Money' });
export type Money = z.infer<typeof Money>;

export const money = (amount: number, currency: string): Money => ({ amount, currency });

/** Money in requests: an integer of minor units in the shop's currency. */
export const MinorUnits = z
  .number()
  .int('must be a whole number of minor units')
  .min(0, 'must not be negative')
  .max(MAX_MINOR_UNITS, `must be at most ${MAX_MINOR_UNITS}`);

/** Money in a query string (`?minPrice=`): the same bounds as {@link MinorUnits}. */
export const QueryMinorUnits = z.coerce
  .number()
  .int('must be a whole number of minor units')
  .min(0, 'must not be negative')
  .max(MAX_MINOR_UNITS, `must be at most ${MAX_MINOR_UNITS}`);

/** A stock or a quantity: a whole number from 0 to {@link MAX_COUNT}. */
export const Count = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(MAX_COUNT, `must be at most ${MAX_COUNT}`);

export const Id = z.uuid();
export const IdParams = z.object({ id: z.uuid() }).strict();

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of `item`: `{ items, page, pageSize, total, totalPages, totalExact }`. */
export function Page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    totalPages: z.number().int(),
    totalExact: z.boolean().describe('false when `total` is an estimate (very large lists)'),
  });
}

export function pageOf<T>(items: T[], q: PageQuery, total: number, totalExact = true) {
  return {
    items,
    page: q.page,
    pageSize: q.pageSize,
    total,
    totalPages: Math.ceil(total / q.pageSize),
    totalExact,
  };
}

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable machine-readable code, e.g. `validation_failed`'),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .meta({ id: 'Problem', description: 'RFC 9457 problem document' });

/** Standard problem responses to spread into a route's `response`. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, Problem])) as Record<number, typeof Problem>;

/** Query-string booleans: `true`/`false`/`1`/`0`. */
export const QueryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
