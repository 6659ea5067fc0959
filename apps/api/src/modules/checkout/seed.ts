import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import * as q from './queries.js';

const day = 24 * 3600 * 1000;

/**
 * Bootstrap step: a shop that has never had a shipping method gets its first ones. An empty shop
 * (`SEED_DEMO=false`) gets one free "Standard" method for everywhere and no tax rates; the demo
 * shop gets Nairobi same-day, Kenya standard and international shipping, Kenyan VAT (16%) and a
 * few coupons. Methods are soft-deleted, so a shop whose admin deleted them all is not re-seeded.
 */
export async function seedCheckout(platform: Platform): Promise<void> {
  const ctx = contextFor(platform);
  if ((await q.countShippingMethodsEver(ctx.db)) > 0) return;
  const currency = platform.config.storeCurrency;
  if (!platform.config.seedDemo) {
    await q.insertShippingMethod(ctx.db, {
      name: 'Standard',
      description: 'Delivery anywhere',
      priceAmount: 0,
      currency,
    });
    return;
  }
  const methods = [
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
  for (const m of methods) await q.insertShippingMethod(ctx.db, { ...m, currency });
  await q.insertTaxRate(ctx.db, { name: 'VAT', country: 'KE', region: null, rate: 1600 });
  const coupons = [
    { code: 'KARIBU10', type: 'percent', value: 10, minSubtotalAmount: 1_000_00, perCustomerLimit: 1 },
    { code: 'FREESHIP', type: 'free_shipping', value: 0, minSubtotalAmount: 2_000_00 },
    {
      code: 'SAVE500',
      type: 'fixed',
      value: 500_00,
      minSubtotalAmount: 5_000_00,
      usageLimit: 100,
      endsAt: new Date(ctx.now.getTime() + 90 * day),
    },
  ] as const;
  for (const c of coupons) await q.insertCoupon(ctx.db, { ...c, currency });
}
