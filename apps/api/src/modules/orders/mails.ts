import type { MailMessage } from '../../platform/mail.js';
import type { Order } from './schema.js';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const amount = (m: { amount: number; currency: string }) => `${m.currency} ${(m.amount / 100).toFixed(2)}`;

/** "We have your order": number, lines, total and what happens next. */
export function orderConfirmationMail(to: string, name: string, order: Order, webUrl: string): MailMessage {
  const next =
    order.paymentMethod === 'cod'
      ? 'Pay in cash when it is delivered.'
      : 'Complete the payment to confirm it; unpaid orders are cancelled after a while.';
  const lines = order.items.map((i) => `${i.quantity} × ${i.title} (${i.sku}): ${amount(i.lineTotal)}`);
  const link = `${webUrl}/account/orders/${order.id}`;
  return {
    to,
    subject: `Your Soko order ${order.number}`,
    text: `Hello ${name},\n\nThank you for your order ${order.number}.\n\n${lines.join('\n')}\n\nTotal: ${amount(order.total)}\n${next}\n\n${link}\n`,
    html:
      `<!doctype html><html><body style="font-family:sans-serif;max-width:520px;margin:auto">` +
      `<h1 style="font-size:20px">Order ${escape(order.number)}</h1><p>Hello ${escape(name)}, thank you for your order.</p>` +
      `<ul>${lines.map((l) => `<li>${escape(l)}</li>`).join('')}</ul>` +
      `<p><strong>Total: ${escape(amount(order.total))}</strong></p><p>${escape(next)}</p>` +
      `<p><a href="${escape(link)}">See your order</a></p></body></html>`,
  };
}
