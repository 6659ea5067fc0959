import { z } from 'zod';
import { Money } from '../../platform/schema.js';

/** The most units of one variant a cart line may hold (a bound on input, not a stock rule). */
export const MAX_LINE_QUANTITY = 10_000;

const Quantity = z
  .number()
  .int('must be a whole number')
  .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`);

export const CartTokenHeaders = z.object({
  'x-cart-token': z
    .string()
    .max(200)
    .optional()
    .describe('The guest cart token from an earlier answer (ignored when signed in)'),
});
export type CartTokenHeaders = z.infer<typeof CartTokenHeaders>;

export const AddCartLineBody = z
  .object({ variantId: z.uuid(), quantity: Quantity.min(1, 'must be at least 1') })
  .strict();
export type AddCartLineBody = z.infer<typeof AddCartLineBody>;

export const UpdateCartLineBody = z
  .object({ quantity: Quantity.min(0, 'must not be negative').describe('0 removes the line') })
  .strict();
export type UpdateCartLineBody = z.infer<typeof UpdateCartLineBody>;

export const MergeCartBody = z.object({ cartToken: z.string().min(1).max(200) }).strict();
export type MergeCartBody = z.infer<typeof MergeCartBody>;

export const CartLine = z
  .object({
    id: z.uuid(),
    variantId: z.uuid(),
    productId: z.uuid(),
    slug: z.string(),
    title: z.string().describe('The product title'),
    variantTitle: z.string(),
    sku: z.string(),
    options: z.record(z.string(), z.string()),
    image: z.string().nullable(),
    unitPrice: Money.describe('The current price'),
    quantity: z.number().int(),
    lineTotal: Money,
    available: z
      .boolean()
      .describe('false when sold out, or the product is archived, deleted or its seller hidden'),
    stock: z.number().int().describe('Units left now'),
    priceChanged: z.boolean().describe('The price differs from the price when the line was last added to'),
  })
  .meta({ id: 'CartLine' });
export type CartLine = z.infer<typeof CartLine>;

export const Cart = z
  .object({
    id: z.uuid().nullable().describe('null before the first write'),
    token: z
      .string()
      .optional()
      .describe('Only on the write that created a guest cart (also in the `X-Cart-Token` header)'),
    items: z.array(CartLine),
    subtotal: Money.describe('The sum of the available lines at current prices'),
    itemCount: z.number().int().describe('Units in the cart, all lines'),
  })
  .meta({ id: 'Cart' });
export type Cart = z.infer<typeof Cart>;
