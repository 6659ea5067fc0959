import type { OrderEventRow, OrderLineRow, OrderRow } from '../../db/schema/orders.js';
import { money } from '../../platform/schema.js';
import type { Order } from './schema.js';

type Role = Order['history'][number]['actor']['role'];

export const toOrderItem = (l: OrderLineRow, currency: string): Order['items'][number] => ({
  id: l.id,
  productId: l.productId,
  variantId: l.variantId,
  sellerId: l.sellerId,
  title: l.variantTitle ? `${l.title} — ${l.variantTitle}` : l.title,
  sku: l.sku,
  options: l.options,
  unitPrice: money(l.unitPrice, currency),
  quantity: l.quantity,
  lineTotal: money(l.lineTotal, currency),
  status: l.status,
});

/** The order as API.md shapes it; `lines` may be only one seller's (its view). */
export function toOrder(
  o: OrderRow,
  lines: OrderLineRow[],
  events: Pick<OrderEventRow, 'fromStatus' | 'toStatus' | 'actorId' | 'actorRole' | 'note' | 'at'>[],
  payments: Order['payments'] = [],
): Order {
  const m = (amount: number) => money(amount, o.currency);
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    paymentStatus: o.paymentStatus,
    paymentMethod: o.paymentMethod,
    currency: o.currency,
    items: lines.map((l) => toOrderItem(l, o.currency)),
    subtotal: m(o.subtotal),
    discount: m(o.discount),
    shipping: m(o.shipping),
    tax: m(o.tax),
    total: m(o.total),
    taxIncluded: o.taxIncluded,
    couponCode: o.couponCode,
    shippingAddress: o.shippingAddress,
    shippingMethod: {
      id: o.shippingMethod.id,
      name: o.shippingMethod.name,
      price: m(o.shippingMethod.price),
    },
    payments,
    shipments: [],
    history: events.map((e) => ({
      from: e.fromStatus,
      to: e.toStatus,
      actor: { id: e.actorId, role: e.actorRole as Role },
      note: e.note,
      at: e.at.toISOString(),
    })),
    createdAt: o.createdAt.toISOString(),
  };
}
