import type { Actor } from '../../platform/auth.js';
import type { ServiceContext } from '../../platform/context.js';
import type { PaymentProviders } from './providers/providers.js';
import * as q from './queries.js';
import {
  toAdminPaymentMethod,
  type AdminPaymentMethod,
  type PaymentMethod,
  type PaymentMethodCode,
  type UpdatePaymentMethodBody,
} from './schema.js';

/** What payment services run with: the platform context plus this instance's providers. */
export type PaymentsContext = ServiceContext & { providers: PaymentProviders };
type AdminContext = PaymentsContext & { actor: Actor };

const testModeOf = (ctx: PaymentsContext, code: PaymentMethodCode) =>
  code === 'cod' ? false : ctx.providers[code].testMode;

async function allMethods(ctx: PaymentsContext, onlyEnabled: boolean) {
  const rows = await q.listPaymentMethods(ctx.db, onlyEnabled);
  return rows.map((row) => toAdminPaymentMethod(row, ctx.config.storeCurrency, testModeOf(ctx, row.code)));
}

/**
 * The methods a shopper can pay with now: enabled, and taking the shop's currency (M-Pesa takes
 * KES only, so a shop in another currency does not offer it).
 */
export async function listPaymentMethods(ctx: PaymentsContext): Promise<{ items: PaymentMethod[] }> {
  const methods = await allMethods(ctx, true);
  return {
    items: methods
      .filter((m) => m.currencies.includes(ctx.config.storeCurrency))
      .map(({ enabled: _enabled, ...method }) => method),
  };
}

/** Admin: every method, enabled or not. */
export async function listAdminPaymentMethods(ctx: AdminContext): Promise<{ items: AdminPaymentMethod[] }> {
  return { items: await allMethods(ctx, false) };
}

/** Admin: one method. */
export async function getPaymentMethod(
  ctx: AdminContext,
  code: PaymentMethodCode,
): Promise<AdminPaymentMethod> {
  const row = await q.findPaymentMethod(ctx.db, code);
  return toAdminPaymentMethod(row, ctx.config.storeCurrency, testModeOf(ctx, code));
}

/** Admin: turns a method on or off, or renames it (only the fields sent). */
export async function updatePaymentMethod(
  ctx: AdminContext,
  code: PaymentMethodCode,
  input: UpdatePaymentMethodBody,
): Promise<AdminPaymentMethod> {
  const row = await q.updatePaymentMethod(ctx.db, code, input);
  return toAdminPaymentMethod(row, ctx.config.storeCurrency, testModeOf(ctx, code));
}
