// Test helpers for orders: an order written straight through the placement core (stock taken,
// snapshot lines, events, jobs), for tests of what happens after placement.
import { contextFor, withTx } from '../../platform/context.js';
import type { MadeUser } from '../../test/factories.js';
import type { TestApp } from '../../test/harness.js';
import { findVariantsForCart } from '../catalog/index.js';
import type { Order, PaymentMethod } from './schema.js';
import { writeQuotedOrder } from './service/place-order.js';

export const testAddress = {
  fullName: 'Achieng Otieno',
  phone: '+254712345678',
  line1: 'Moi Avenue 12',
  line2: null,
  city: 'Nairobi',
  region: null,
  postalCode: null,
  country: 'KE',
};

/** Places an order of these variants for `buyer`, priced at the variants' current prices, no tax. */
export async function placeTestOrder(
  t: TestApp,
  buyer: MadeUser,
  lines: { variantId: string; quantity: number }[],
  paymentMethod: PaymentMethod = 'mpesa',
  shipping = 300,
): Promise<Order> {
  const ctx = { ...contextFor(t.platform), actor: null };
  const variants = await findVariantsForCart(
    ctx,
    lines.map((l) => l.variantId),
  );
  const quoted = lines.map((l) => {
    const variant = variants.find((v) => v.variantId === l.variantId)!;
    return {
      variant,
      quantity: l.quantity,
      unitPrice: variant.price,
      lineTotal: variant.price * l.quantity,
      discount: 0,
      tax: 0,
    };
  });
  const subtotal = quoted.reduce((s, l) => s + l.lineTotal, 0);
  return withTx(ctx, (tx) =>
    writeQuotedOrder(
      tx,
      {
        userId: buyer.user.id,
        customer: { email: buyer.user.email, name: buyer.user.name },
        paymentMethod,
        currency: t.config.storeCurrency,
        taxIncluded: false,
        lines: quoted,
        subtotal,
        discount: 0,
        shipping,
        tax: 0,
        total: subtotal + shipping,
        coupon: null,
        shippingAddress: testAddress,
        shippingMethod: { id: '00000000-0000-4000-8000-000000000001', name: 'Standard', price: shipping },
      },
      async () => {},
    ),
  );
}
