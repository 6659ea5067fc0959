import { z } from 'zod';
import type { PaymentMethodRow, PaymentRow } from '../../db/schema/payments.js';
import { Money, money, PageQuery } from '../../platform/schema.js';

export const PaymentMethodCode = z.enum(['mpesa', 'stripe', 'cod']).meta({ id: 'PaymentMethodCode' });
export type PaymentMethodCode = z.infer<typeof PaymentMethodCode>;

export const PaymentMethod = z
  .object({
    code: PaymentMethodCode,
    name: z.string(),
    currencies: z.array(z.string()).describe('ISO 4217 codes the method takes'),
    testMode: z.boolean().describe('true when the provider runs on its built-in simulator (no credentials)'),
  })
  .meta({ id: 'PaymentMethod' });
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export const PaymentMethodList = z.object({ items: z.array(PaymentMethod) });

export const AdminPaymentMethod = PaymentMethod.extend({ enabled: z.boolean() }).meta({
  id: 'AdminPaymentMethod',
});
export type AdminPaymentMethod = z.infer<typeof AdminPaymentMethod>;

export const AdminPaymentMethodList = z.object({ items: z.array(AdminPaymentMethod) });

export const PaymentMethodParams = z.object({ code: PaymentMethodCode }).strict();

export const UpdatePaymentMethodBody = z
  .object({
    enabled: z.boolean().optional(),
    name: z.string().trim().min(1).max(60).optional(),
  })
  .strict();
export type UpdatePaymentMethodBody = z.infer<typeof UpdatePaymentMethodBody>;

/** The method as the admin sees it; `currencies` empty in the table means "the shop's currency". */
export function toAdminPaymentMethod(
  row: PaymentMethodRow,
  storeCurrency: string,
  testMode: boolean,
): AdminPaymentMethod {
  return {
    code: row.code,
    name: row.name,
    currencies: row.currencies.length > 0 ? row.currencies : [storeCurrency],
    testMode,
    enabled: row.enabled,
  };
}

export const PaymentStatusEnum = z
  .enum(['pending', 'paid', 'failed', 'cancelled', 'partially_refunded', 'refunded'])
  .meta({ id: 'PaymentStatus' });

export const CreatePaymentBody = z
  .object({
    orderId: z.uuid(),
    method: PaymentMethodCode,
    phone: z.string().max(20).optional().describe('M-Pesa: the phone to prompt (07…, 01…, +254…, 254…)'),
  })
  .strict();
export type CreatePaymentBody = z.infer<typeof CreatePaymentBody>;

export const MpesaInitiateBody = z.object({ orderId: z.uuid(), phone: z.string().max(20) }).strict();
export type MpesaInitiateBody = z.infer<typeof MpesaInitiateBody>;

export const PaymentStarted = z
  .object({
    paymentId: z.uuid(),
    status: PaymentStatusEnum,
    method: PaymentMethodCode,
    amount: Money,
    checkoutRequestId: z.string().optional().describe('M-Pesa: the STK Push CheckoutRequestID'),
    clientSecret: z.string().optional().describe('Stripe: the PaymentIntent client secret'),
    message: z.string().optional(),
  })
  .meta({ id: 'PaymentStarted' });
export type PaymentStarted = z.infer<typeof PaymentStarted>;

export const TestCardBody = z
  .object({
    cardNumber: z
      .string()
      .regex(/^[\d ]{12,23}$/)
      .describe('Sandbox test card: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined'),
  })
  .strict();

export const TestCardOutcome = z
  .object({
    paymentId: z.uuid(),
    status: z
      .enum(['pending', 'paid', 'failed', 'cancelled'])
      .describe("The simulator's answer; the payment settles when its webhook lands, as with Stripe"),
    message: z.string().describe('What the shopper should read (the decline reason when declined)'),
  })
  .strict();
export type TestCardOutcome = z.infer<typeof TestCardOutcome>;

export const Payment = z
  .object({
    id: z.uuid(),
    orderId: z.uuid(),
    userId: z.uuid(),
    method: PaymentMethodCode,
    status: PaymentStatusEnum,
    amount: Money,
    refunded: Money,
    providerReference: z.string().nullable(),
    receipt: z.string().nullable(),
    resultCode: z.string().nullable(),
    resultDesc: z.string().nullable(),
    message: z.string().nullable(),
    paidAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Payment' });
export type Payment = z.infer<typeof Payment>;

export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    orderId: row.orderId,
    userId: row.userId,
    method: row.method,
    status: row.status,
    amount: money(row.amount, row.currency),
    refunded: money(row.refundedAmount, row.currency),
    providerReference: row.providerReference,
    receipt: row.receipt,
    resultCode: row.resultCode,
    resultDesc: row.resultDesc,
    message: row.message,
    paidAt: row.paidAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export const MpesaCallbackParams = z.object({ secret: z.string().max(200) }).strict();
export const MpesaAck = z.object({ ResultCode: z.literal(0), ResultDesc: z.string() });

export const MpesaStatusParams = z.object({ checkoutRequestId: z.string().min(1).max(100) }).strict();
export const MpesaTransactionStatus = z
  .object({
    checkoutRequestId: z.string(),
    paymentId: z.uuid(),
    orderId: z.uuid(),
    status: PaymentStatusEnum,
    resultCode: z.string().nullable(),
    resultDesc: z.string().nullable(),
  })
  .meta({ id: 'MpesaTransactionStatus' });

export const PaymentListQuery = PageQuery.extend({
  orderId: z.uuid().optional(),
  status: PaymentStatusEnum.optional(),
}).strict();
export type PaymentListQuery = z.infer<typeof PaymentListQuery>;
export const StripeAck = z.object({ received: z.literal(true) });
