import { z } from 'zod';
import { Country, CreateAddressBody } from '../addresses/index.js';
import { MinorUnits, Money } from '../../platform/schema.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const Region = text(100);
const Timestamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

// ---------------------------------------------------------------- shipping methods

export const ShippingMethodsQuery = z.object({
  country: Country.optional().describe('Only methods that deliver to this country (ISO 3166-1 alpha-2)'),
  region: text(100).optional().describe('…and to this region of it'),
});
export type ShippingMethodsQuery = z.infer<typeof ShippingMethodsQuery>;

const EstimatedDays = z
  .object({ min: z.number().int().min(0).max(365), max: z.number().int().min(0).max(365) })
  .strict()
  .refine((d) => d.min <= d.max, { message: 'min must not exceed max', path: ['min'] });

const shippingFields = {
  name: text(100),
  description: z.string().trim().max(500).optional(),
  price: MinorUnits,
  freeAbove: MinorUnits.nullable().optional().describe('Free when the subtotal after discount reaches this'),
  countries: z.array(Country).max(250).optional().describe('Empty: everywhere'),
  regions: z.array(Region).max(200).optional().describe('Empty: every region of the countries'),
  estimatedDays: EstimatedDays.nullable().optional(),
  enabled: z.boolean().optional(),
};
export const CreateShippingMethodBody = z.object(shippingFields).strict();
export type CreateShippingMethodBody = z.infer<typeof CreateShippingMethodBody>;
export const UpdateShippingMethodBody = z.object(shippingFields).partial().strict();
export type UpdateShippingMethodBody = z.infer<typeof UpdateShippingMethodBody>;

export const ShippingMethod = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    price: Money,
    freeAbove: Money.nullable(),
    countries: z.array(z.string()).describe('Empty: everywhere'),
    regions: z.array(z.string()).describe('Empty: every region'),
    estimatedDays: z.object({ min: z.number().int(), max: z.number().int() }).nullable(),
    enabled: z.boolean(),
  })
  .meta({ id: 'ShippingMethod' });
export type ShippingMethod = z.infer<typeof ShippingMethod>;

// ---------------------------------------------------------------- tax rates

const taxFields = {
  name: text(100),
  country: Country,
  region: Region.nullable().optional().describe('Narrows the rate to one region; beats a country-wide rate'),
  rate: z.number().int().min(0).max(10_000).describe('Basis points: 1600 = 16%'),
};
export const CreateTaxRateBody = z.object(taxFields).strict();
export type CreateTaxRateBody = z.infer<typeof CreateTaxRateBody>;
export const UpdateTaxRateBody = z.object(taxFields).partial().strict();
export type UpdateTaxRateBody = z.infer<typeof UpdateTaxRateBody>;

export const TaxRate = z
  .object({
    id: z.uuid(),
    name: z.string(),
    country: z.string().length(2),
    region: z.string().nullable(),
    rate: z.number().int(),
  })
  .meta({ id: 'TaxRate' });
export type TaxRate = z.infer<typeof TaxRate>;

// ---------------------------------------------------------------- coupons

export const couponTypes = ['percent', 'fixed', 'free_shipping'] as const;
export type CouponType = (typeof couponTypes)[number];

const couponFields = {
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{3,32}$/, 'must be 3–32 letters, digits, - or _')
    .transform((c) => c.toUpperCase()),
  type: z.enum(couponTypes),
  value: z
    .number()
    .int()
    .min(0)
    .max(100_000_000_000)
    .describe('percent: 1–100; fixed: minor units (at least 1); free_shipping: 0 or left out'),
  minSubtotal: MinorUnits.nullable().optional().describe('Subtotal before discount the cart must reach'),
  startsAt: Timestamp.nullable().optional(),
  endsAt: Timestamp.nullable().optional(),
  usageLimit: z.number().int().min(1).max(100_000_000).nullable().optional().describe('Uses in total'),
  perCustomerLimit: z.number().int().min(1).max(100_000).nullable().optional(),
  enabled: z.boolean().optional(),
};
export const CreateCouponBody = z.object({ ...couponFields, value: couponFields.value.optional() }).strict();
export type CreateCouponBody = z.infer<typeof CreateCouponBody>;
export const UpdateCouponBody = z.object(couponFields).partial().strict();
export type UpdateCouponBody = z.infer<typeof UpdateCouponBody>;

export const CouponsQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().trim().max(32).optional().describe('Codes starting with this'),
});
export type CouponsQuery = z.infer<typeof CouponsQuery>;

export const Coupon = z
  .object({
    id: z.uuid(),
    code: z.string(),
    type: z.enum(couponTypes),
    value: z.number().int().describe('percent: 1–100; fixed: minor units; free_shipping: 0'),
    minSubtotal: Money.nullable(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    usageLimit: z.number().int().nullable(),
    perCustomerLimit: z.number().int().nullable(),
    usedCount: z.number().int(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Coupon' });
export type Coupon = z.infer<typeof Coupon>;

// ---------------------------------------------------------------- quote

/** Where to ship and how: the body of a quote, and the start of an order's body. */
export const checkoutFields = {
  shippingAddress: CreateAddressBody.optional().describe('A new address; or send `addressId`'),
  addressId: z.uuid().optional().describe('One of the caller’s saved addresses'),
  shippingMethodId: z.uuid(),
  couponCode: z.string().trim().min(1).max(64).optional(),
};

export const QuoteBody = z.object(checkoutFields).strict();
export type QuoteBody = z.infer<typeof QuoteBody>;

export const QuoteLine = z
  .object({
    variantId: z.uuid(),
    productId: z.uuid(),
    sellerId: z.uuid(),
    title: z.string(),
    variantTitle: z.string(),
    sku: z.string(),
    options: z.record(z.string(), z.string()),
    unitPrice: Money,
    quantity: z.number().int(),
    lineTotal: Money,
    discount: Money.describe('This line’s part of the order discount'),
    tax: Money,
  })
  .meta({ id: 'QuoteLine' });
export type QuoteLine = z.infer<typeof QuoteLine>;

export const Quote = z
  .object({
    lines: z.array(QuoteLine),
    subtotal: Money,
    discount: Money,
    shipping: Money,
    tax: Money,
    total: Money,
    taxIncluded: z.boolean().describe('Prices include tax: `tax` is inside the total, not added'),
    taxRate: z.number().int().describe('Basis points applied to the lines'),
    coupon: z.object({ id: z.uuid(), code: z.string(), type: z.enum(couponTypes) }).nullable(),
    shippingMethod: z.object({ id: z.uuid(), name: z.string() }),
  })
  .meta({ id: 'Quote' });
export type Quote = z.infer<typeof Quote>;
