import type { PaymentRow } from '../../db/schema/payments.js';
import type { OrderRow } from '../orders/index.js';
import type { ServiceContext } from '../../platform/context.js';
import { MAIL_JOB } from '../../platform/platform-jobs.js';
import { publishToAdmins, publishToUser } from '../../platform/realtime.js';
import { toPayment, type Payment } from './schema.js';

export const amountText = (amount: number, currency: string) => `${currency} ${(amount / 100).toFixed(2)}`;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PaymentChange {
  payment: PaymentRow;
  /** The order as it is now (status and payment status after the change). */
  order: Pick<OrderRow, 'id' | 'number' | 'status' | 'paymentStatus' | 'customerEmail' | 'customerName'>;
  mail: { subject: string; text: string };
}

/**
 * How every payment and refund change is told, from inside its transaction: `payment.updated` and
 * `order.updated` to the customer's sockets and `payment.updated` to the admins' (sent after
 * commit), and a mail to the customer queued in the same transaction (so a rolled-back change
 * mails nobody and a committed one always mails).
 */
export async function announcePaymentChange(ctx: ServiceContext, change: PaymentChange): Promise<Payment> {
  const { payment, order, mail } = change;
  const view = toPayment(payment);
  const orderUpdate = {
    id: order.id,
    number: order.number,
    status: order.status,
    paymentStatus: order.paymentStatus,
  };
  await publishToUser(ctx, payment.userId, 'payment.updated', view);
  await publishToUser(ctx, payment.userId, 'order.updated', orderUpdate);
  await publishToAdmins(ctx, 'payment.updated', view);
  const text = `Hello ${order.customerName},\n\n${mail.text}\n`;
  await ctx.jobs.send(
    MAIL_JOB,
    {
      to: order.customerEmail,
      subject: mail.subject,
      text,
      html: `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`,
    },
    { tx: ctx.db },
  );
  return view;
}
