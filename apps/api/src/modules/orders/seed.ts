import type { Actor } from '../../platform/auth.js';
import { contextFor, type ServiceContext } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import { addCartLine } from '../cart/index.js';
import { listBuyableVariantIds } from '../catalog/index.js';
import { listShippingMethods } from '../checkout/index.js';
import type { DemoAccount, DemoSeed } from '../registry.js';
import { DEMO_CUSTOMERS } from '../users/index.js';
import * as q from './queries.js';
import type { Order, PaymentMethod } from './schema.js';
import { orderPaymentHooks } from './service/payment-hooks.js';
import { placeOrder } from './service/place-order.js';
import { cancelOrder, setOrderStatus, transitionOrder } from './service/transition.js';
import type { OrderStatus } from './transitions.js';

/** What happens to a demo order after it is placed, each step by the actor who does it in real life. */
type Step = 'pay' | 'process' | 'ship' | 'deliver' | 'cancel';

/** One demo order per status, each reached the way a real order gets there. */
const plan: { status: OrderStatus; paymentMethod: PaymentMethod; steps: Step[] }[] = [
  { status: 'pending_payment', paymentMethod: 'mpesa', steps: [] },
  { status: 'confirmed', paymentMethod: 'cod', steps: [] },
  { status: 'paid', paymentMethod: 'mpesa', steps: ['pay'] },
  { status: 'processing', paymentMethod: 'mpesa', steps: ['pay', 'process'] },
  { status: 'shipped', paymentMethod: 'cod', steps: ['ship'] },
  { status: 'delivered', paymentMethod: 'mpesa', steps: ['pay', 'ship', 'deliver'] },
  { status: 'cancelled', paymentMethod: 'mpesa', steps: ['pay', 'cancel'] },
];

const LINES_PER_ORDER = 2;

const actor = (id: string, role: Actor['role']): Actor => ({
  id,
  role,
  sellerStatus: role === 'seller' ? 'approved' : null,
  sessionId: null,
});

const addressOf = (customer: DemoAccount) => ({
  fullName: customer.name,
  phone: '+254712000000',
  line1: 'Kenyatta Avenue 10',
  city: 'Nairobi',
  region: 'Nairobi',
  country: 'KE',
});

/**
 * Runs one step as its real actor: the payment confirmation as `system` (what the M-Pesa callback
 * does), fulfilment by each seller of the order on its own lines, delivery as `system` (the
 * courier's confirmation), cancellation by the customer.
 */
async function runStep(ctx: ServiceContext, order: Order, customer: DemoAccount, step: Step) {
  if (step === 'pay') {
    await transitionOrder(ctx, order.id, 'paid', { by: 'system', note: 'demo: M-Pesa payment confirmed' });
  } else if (step === 'process' || step === 'ship') {
    const status = step === 'process' ? 'processing' : 'shipped';
    for (const sellerId of new Set(order.items.map((i) => i.sellerId))) {
      await setOrderStatus({ ...ctx, actor: actor(sellerId, 'seller') }, order.id, { status });
    }
  } else if (step === 'deliver') {
    await transitionOrder(ctx, order.id, 'delivered', {
      by: 'system',
      note: 'demo: courier confirmed delivery',
    });
  } else {
    await cancelOrder({ ...ctx, actor: actor(customer.id, 'customer') }, order.id, 'demo: changed my mind');
  }
}

/**
 * The demo orders: one in every status for the demo customers, each put in the customer's cart,
 * placed through the checkout service (stock taken, quote, ledger) and moved by the actors who move
 * real orders. Runs after the catalogue and the checkout demo data.
 */
export const ordersSeed: DemoSeed = {
  async reset(platform: Platform) {
    const emails = DEMO_CUSTOMERS.map((c) => c.email);
    const ids = await q.orderIdsOfEmails(platform.database.db, emails);
    if (ids.length > 0) await orderPaymentHooks()?.deleting(contextFor(platform), ids);
    await q.deleteOrdersOfEmails(platform.database.db, emails);
  },
  async load(platform, _options, demo) {
    const ctx = contextFor(platform);
    if (demo.customers.length === 0) return [];
    const variants = await listBuyableVariantIds(ctx, { limit: plan.length * LINES_PER_ORDER, minStock: 5 });
    const { items: methods } = await listShippingMethods(ctx, { country: 'KE', region: 'Nairobi' });
    const method = methods.find((m) => m.name === 'Kenya standard') ?? methods[0];
    if (!method || variants.length < plan.length * LINES_PER_ORDER)
      return ['orders: no demo orders (nothing to buy)'];
    for (const [i, { paymentMethod, steps }] of plan.entries()) {
      const customer = demo.customers[i % demo.customers.length]!;
      const buyer = { ...ctx, actor: actor(customer.id, 'customer') };
      for (const [j, variantId] of variants.slice(i * LINES_PER_ORDER, (i + 1) * LINES_PER_ORDER).entries()) {
        await addCartLine(buyer, { variantId, quantity: j + 1 });
      }
      const { body: order } = await placeOrder(buyer, {
        idempotencyKey: `demo-order-${i + 1}`,
        body: { shippingAddress: addressOf(customer), shippingMethodId: method.id, paymentMethod },
      });
      for (const step of steps) await runStep(ctx, order, customer, step);
    }
    return [
      `orders: ${plan.length} demo orders, one in each status (${plan.map((p) => p.status).join(', ')})`,
    ];
  },
};
