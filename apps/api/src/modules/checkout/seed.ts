import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import type { DemoSeed } from '../registry.js';
import * as q from './queries.js';

const day = 24 * 3600 * 1000;

/**
 * Bootstrap step: a shop that has never had a shipping method and loads no demo data
 * (`SEED_DEMO=false`) gets one free "Standard" method for everywhere and no tax rates. Methods are
 * soft-deleted, so a shop whose admin deleted them all is not given one again.
 */
export async function ensureShippingMethod(platform: Platform): Promise<void> {
  if (platform.config.seedDemo) return;
  const ctx = contextFor(platform);
  if ((await q.countShippingMethodsEver(ctx.db)) > 0) return;
  await q.insertShippingMethod(ctx.db, {
    name: 'Standard',
    description: 'Delivery anywhere',
    priceAmount: 0,
    currency: platform.config.storeCurrency,
  });
}

const demoMethods = [
  {
    name: 'Nairobi same-day',
    description: 'Order before noon, delivered by evening within Nairobi',
    priceAmount: 300_00,
    freeAboveAmount: 5_000_00,
    countries: ['KE'],
    regions: ['Nairobi'],
    estimatedDaysMin: 0,
    estimatedDaysMax: 1,
  },
  {
    name: 'Kenya standard',
    description: 'Courier to any town in Kenya',
    priceAmount: 450_00,
    freeAboveAmount: 10_000_00,
    countries: ['KE'],
    estimatedDaysMin: 2,
    estimatedDaysMax: 4,
  },
  {
    name: 'International',
    description: 'Tracked airmail worldwide',
    priceAmount: 2_500_00,
    estimatedDaysMin: 5,
    estimatedDaysMax: 10,
  },
];
const demoCoupons = [
  { code: 'KARIBU10', type: 'percent', value: 10, minSubtotalAmount: 1_000_00, perCustomerLimit: 1 },
  { code: 'FREESHIP', type: 'free_shipping', value: 0, minSubtotalAmount: 2_000_00 },
  { code: 'SAVE500', type: 'fixed', value: 500_00, minSubtotalAmount: 5_000_00, usageLimit: 100 },
] as const;

/**
 * The demo shop's checkout: Nairobi same-day, Kenya standard and international shipping, Kenyan
 * VAT (16%) and a few coupons. What already exists (a method of the same name, a Kenyan rate, a
 * code) is kept, so loading on a shop with its own settings adds only what is missing.
 */
export const checkoutDemoSeed: DemoSeed = {
  async load(platform) {
    const ctx = contextFor(platform);
    const currency = platform.config.storeCurrency;
    const existing = new Set(
      (await q.selectShippingMethods(ctx.db, { enabledOnly: false })).map((m) => m.name),
    );
    const methods = demoMethods.filter((m) => !existing.has(m.name));
    for (const m of methods) await q.insertShippingMethod(ctx.db, { ...m, currency });
    const hasVat = (await q.findApplicableTaxRate(ctx.db, 'KE', null)) !== null;
    if (!hasVat) await q.insertTaxRate(ctx.db, { name: 'VAT', country: 'KE', region: null, rate: 1600 });
    const endsAt = new Date(ctx.now.getTime() + 90 * day);
    for (const c of demoCoupons) {
      await q.insertCouponUnlessCodeExists(ctx.db, {
        ...c,
        currency,
        ...(c.code === 'SAVE500' && { endsAt }),
      });
    }
    return [
      `checkout: ${methods.length} shipping methods, ${hasVat ? 0 : 1} tax rate, ${demoCoupons.length} coupons`,
    ];
  },
  async reset(platform) {
    await q.deleteDemoCheckout(contextFor(platform).db, {
      methods: demoMethods.map((m) => m.name),
      coupons: demoCoupons.map((c) => c.code),
    });
  },
};
