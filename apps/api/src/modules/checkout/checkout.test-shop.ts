// Test helpers shared by the checkout test files: the admin's shortcuts for coupons and methods.
import { expect } from 'vitest';

/** The catalogue test shop's `apiCall(t)`, as far as these helpers use it. */
type Api = (
  method: 'POST',
  url: string,
  headers: Record<string, string>,
  payload: unknown,
) => PromiseLike<{ statusCode: number; body: string; json(): unknown }>;

/**
 * Creates coupons (codes TEST1, TEST2, …, unless given), shipping methods and the shop-wide tax
 * rates (a Kenyan VAT of 16 % and a Mombasa rate of 10 %, answered as sent) as `admin`.
 */
export function checkoutAdmin(api: Api, admin: Record<string, string>) {
  let seq = 0;
  return {
    async coupon(body: Record<string, unknown>) {
      seq += 1;
      const res = await api('POST', '/coupons', admin, { code: `TEST${seq}`, ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; code: string };
    },
    async taxRates() {
      const vat = await api('POST', '/tax-rates', admin, { name: 'VAT', country: 'KE', rate: 1600 });
      const coastLevy = await api('POST', '/tax-rates', admin, {
        name: 'Coast',
        country: 'KE',
        region: 'Mombasa',
        rate: 1000,
      });
      return { vat, coastLevy };
    },
    async method(body: Record<string, unknown>) {
      const res = await api('POST', '/shipping-methods', admin, { name: 'Courier', price: 300_00, ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    },
  };
}
