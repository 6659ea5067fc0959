import { z } from 'zod';
import { Address } from '../addresses/index.js';
import { checkoutFields } from '../checkout/index.js';
import { Id, MinorUnits, Money, PageQuery } from '../../platform/schema.js';
import { lineStatuses, orderStatuses, paymentStatuses } from './transitions.js';

export const OrderStatus = z.enum(orderStatuses);
export const LineStatus = z.enum(lineStatuses);
export const PaymentStatus = z.enum(paymentStatuses);
export const PaymentMethod = z.enum(['mpesa', 'stripe', 'cod']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export const OrderAddress = Address.omit({ id: true }).meta({
  id: 'OrderAddress',
  description: 'The shipping address as it was when the order was placed',
});

export const OrderItem = z
  .object({
    id: Id,
    productId: Id,
    variantId: Id,
    sellerId: Id,
    title: z.string().describe('Product title, with the variant title after " — " when it has one'),
    sku: z.string(),
    options: z.record(z.string(), z.string()),
    unitPrice: Money,
    quantity: z.number().int(),
    lineTotal: Money,
    status: LineStatus,
  })
  .meta({ id: 'OrderItem', description: 'A snapshot of what was bought, as it was at placement' });

export const OrderEvent = z
  .object({
    from: z.string().nullable(),
    to: z.string(),
    actor: z.object({
      id: Id.nullable(),
      role: z.enum(['customer', 'seller', 'admin', 'system']),
    }),
    note: z.string().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'OrderEvent' });

export const Order = z
  .object({
    id: Id,
    number: z
      .string()
      .max(12)
      .describe('Unique, human-readable (`SK-` + Crockford base32); the M-Pesa AccountReference'),
    status: OrderStatus,
    paymentStatus: PaymentStatus,
    paymentMethod: PaymentMethod,
    currency: z.string().length(3),
    items: z.array(OrderItem),
    subtotal: Money,
    discount: Money,
    shipping: Money,
    tax: Money,
    total: Money,
    taxIncluded: z.boolean(),
    couponCode: z.string().nullable(),
    shippingAddress: OrderAddress,
    shippingMethod: z.object({ id: Id, name: z.string(), price: Money }),
    payments: z
      .array(
        z.object({
          id: Id,
          method: PaymentMethod,
          status: z
            .enum(['pending', 'paid', 'failed', 'cancelled', 'partially_refunded', 'refunded'])
            .describe("The attempt's own status (the order's is `paymentStatus`)"),
          amount: Money,
          refunded: Money.describe('What refunds that succeeded gave back'),
          message: z.string().nullable().describe('Why it failed, in words a shopper understands'),
          receipt: z
            .string()
            .nullable()
            .describe("The provider's receipt (M-Pesa receipt number, Stripe charge, cash reference)"),
          paidAt: z.iso.datetime().nullable(),
          createdAt: z.iso.datetime(),
        }),
      )
      .describe('Every payment attempt of the order, oldest first (a failed one, then a retry)'),
    shipments: z
      .array(z.object({ id: Id, status: z.string() }).loose())
      .describe('Filled by the shipments module; empty until it exists'),
    history: z.array(OrderEvent).describe('Every status change of the order, oldest first'),
    createdAt: z.iso.datetime(),
  })
  .meta({
    id: 'Order',
    description:
      '`total = subtotal − discount + shipping + tax` (`+ tax` only when `taxIncluded` is false). ' +
      'Cash on delivery is placed `confirmed` with `paymentStatus: pending`; M-Pesa and Stripe orders ' +
      'are placed `pending_payment`/`unpaid` and cancelled after ORDER_PAYMENT_TIMEOUT_MINUTES unless paid.',
  });
export type Order = z.infer<typeof Order>;

export const PlaceOrderBody = z
  .object({ ...checkoutFields, paymentMethod: PaymentMethod })
  .strict()
  .meta({ description: 'Send either `shippingAddress` or `addressId`. Prices are computed on the server.' });
export type PlaceOrderBody = z.infer<typeof PlaceOrderBody>;

export { IdempotencyHeaders } from '../../platform/idempotency.js';

export const OrderListQuery = PageQuery.extend({ status: OrderStatus.optional() }).strict();
export type OrderListQuery = z.infer<typeof OrderListQuery>;

export const AdminOrderListQuery = PageQuery.extend({
  status: OrderStatus.optional(),
  paymentStatus: PaymentStatus.optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('Placed at or after'),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('Placed before'),
  customer: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('A customer user id, or the start of their email'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('The start of an order number or a customer email'),
}).strict();
export type AdminOrderListQuery = z.infer<typeof AdminOrderListQuery>;

export const SetOrderStatusBody = z
  .object({
    status: z
      .union([OrderStatus, LineStatus])
      .describe(
        'Admin: any legal order status. Seller: `processing` or `shipped`, applied to its own lines of the order',
      ),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type SetOrderStatusBody = z.infer<typeof SetOrderStatusBody>;

export const CancelOrderBody = z
  .object({ note: z.string().trim().max(500).optional() })
  .strict()
  .optional();

export const Payout = z
  .object({
    id: Id,
    sellerId: Id,
    amount: Money,
    reference: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Payout' });
export type Payout = z.infer<typeof Payout>;

export const SellerBalance = z
  .object({
    sellerId: Id,
    balance: Money.describe(
      'What the shop owes the seller: paid shares less refunds and payouts (may be negative)',
    ),
    commissionBps: z.number().int().describe('The commission rate that applies to the seller, basis points'),
  })
  .meta({ id: 'SellerBalance' });

export const PayoutList = z.object({
  items: z.array(Payout),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  totalPages: z.number().int(),
  totalExact: z.boolean(),
  balances: z
    .array(SellerBalance)
    .describe('The seller: its own; the admin: every seller with ledger entries'),
});

export const PayoutListQuery = PageQuery.extend({ sellerId: Id.optional() }).strict();
export type PayoutListQuery = z.infer<typeof PayoutListQuery>;

export const CreatePayoutBody = z
  .object({
    sellerId: Id,
    amount: MinorUnits.min(1, 'must be positive'),
    reference: z.string().trim().min(1).max(200),
  })
  .strict();
export type CreatePayoutBody = z.infer<typeof CreatePayoutBody>;

export const SetCommissionBody = z
  .object({
    commissionBps: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .nullable()
      .describe('Basis points (1000 = 10%); null goes back to the shop default'),
  })
  .strict();
export type SetCommissionBody = z.infer<typeof SetCommissionBody>;
