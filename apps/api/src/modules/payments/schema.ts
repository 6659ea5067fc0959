import { z } from 'zod';
import type { PaymentMethodRow } from '../../db/schema/payments.js';

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
