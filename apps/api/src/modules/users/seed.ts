import { hashPassword } from '../auth/index.js';
import type { DemoSeed } from '../registry.js';
import * as q from './queries.js';

/** The password of every demo account (documented in the README). */
export const DEMO_PASSWORD = 'Demo1234!';
const DEMO_EMAIL_DOMAIN = 'demo.soko.local';
export const DEMO_SELLERS = [
  { email: `mama.mboga@${DEMO_EMAIL_DOMAIN}`, name: 'Mama Mboga Traders' },
  { email: `jua.kali@${DEMO_EMAIL_DOMAIN}`, name: 'Jua Kali Electronics' },
  { email: `savanna.style@${DEMO_EMAIL_DOMAIN}`, name: 'Savanna Style House' },
];
export const DEMO_CUSTOMERS = [
  { email: `wanjiku@${DEMO_EMAIL_DOMAIN}`, name: 'Wanjiku Kamau' },
  { email: `otieno@${DEMO_EMAIL_DOMAIN}`, name: 'Brian Otieno' },
  { email: `amina@${DEMO_EMAIL_DOMAIN}`, name: 'Amina Hassan' },
];

/** The demo accounts: three approved sellers and three customers, active and verified. */
export const usersSeed: DemoSeed = {
  async reset(platform) {
    await q.deleteUsersByEmailDomain(platform.database.db, DEMO_EMAIL_DOMAIN);
  },
  async load(platform, _options, demo) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const now = new Date();
    const rows = [
      ...DEMO_SELLERS.map((s) => ({ ...s, role: 'seller' as const, sellerStatus: 'approved' as const })),
      ...DEMO_CUSTOMERS.map((c) => ({ ...c, role: 'customer' as const, sellerStatus: null })),
    ];
    const made = await q.insertUsersIfMissing(
      platform.database.db,
      rows.map((r) => ({ ...r, passwordHash, status: 'active' as const, emailVerifiedAt: now })),
    );
    const byEmail = (list: typeof DEMO_SELLERS) =>
      list.map((a) => {
        const row = made.find((r) => r.email === a.email)!;
        return { id: row.id, email: row.email, name: row.name };
      });
    demo.password = DEMO_PASSWORD;
    demo.sellers = byEmail(DEMO_SELLERS);
    demo.customers = byEmail(DEMO_CUSTOMERS);
    return [
      `Demo accounts (password ${DEMO_PASSWORD}):`,
      ...[...demo.sellers, ...demo.customers].map((u) => `  ${u.email}  ${u.name}`),
    ];
  },
};
