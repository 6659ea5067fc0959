import { z } from 'zod';
import type { RefundRow } from '../../db/schema/payments.js';
import { MinorUnits, Money, money, PageQuery } from '../../platform/schema.js';

export const RefundStatus = z.enum(['pending', 'succeeded', 'failed']).meta({ id: 'RefundStatus' });

export const CreateRefundBody = z
  .object({
    paymentId: z.uuid(),
    amount: MinorUnits.min(1, 'must be at least 1').describe('Minor units to give back'),
    reason: z.string().trim().max(500).optional(),
    restock: z
      .boolean()
      .optional()
      .describe(
        "Return the order's stock (once per order; only for a shipped or delivered order: one not yet shipped gets its stock back by being cancelled)",
      ),
  })
  .strict();
export type CreateRefundBody = z.infer<typeof CreateRefundBody>;

export const Refund = z
  .object({
    id: z.uuid(),
    paymentId: z.uuid(),
    orderId: z.uuid(),
    amount: Money,
    status: RefundStatus,
    reason: z.string().nullable(),
    restock: z.boolean().describe('true when this refund returned the stock'),
    resultDesc: z.string().nullable().describe("The provider's words when the refund failed"),
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Refund' });
export type Refund = z.infer<typeof Refund>;

export const toRefund = (row: RefundRow): Refund => ({
  id: row.id,
  paymentId: row.paymentId,
  orderId: row.orderId,
  amount: money(row.amount, row.currency),
  status: row.status,
  reason: row.reason,
  restock: row.restock,
  resultDesc: row.resultDesc,
  createdAt: row.createdAt.toISOString(),
  completedAt: row.completedAt?.toISOString() ?? null,
});

export const RefundListQuery = PageQuery.extend({
  paymentId: z.uuid().optional(),
  orderId: z.uuid().optional(),
  status: RefundStatus.optional(),
}).strict();
export type RefundListQuery = z.infer<typeof RefundListQuery>;

export const MarkPaidBody = z
  .object({
    reference: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('What the cash is recorded under (a receipt or delivery note number)'),
  })
  .strict();
export type MarkPaidBody = z.infer<typeof MarkPaidBody>;
