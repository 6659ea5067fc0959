import Link from 'next/link';
import { Suspense } from 'react';
import { findCurrentUser } from '@/lib/api/auth';

const linkClass = 'hover:text-foreground';

/** Account links that fit the visitor: sign-in and register for strangers, the account for others. */
async function AccountLinks() {
  const user = await findCurrentUser().catch(() => null);
  const links = user
    ? [
        { href: '/account', label: 'Your account' },
        { href: '/account/orders', label: 'Orders' },
        { href: '/account/addresses', label: 'Addresses' },
        { href: '/account/security', label: 'Security' },
      ]
    : [
        { href: '/sign-in', label: 'Sign in' },
        { href: '/register', label: 'Create an account' },
        { href: '/register?role=seller', label: 'Sell on Soko' },
      ];
  return (
    <ul className="mt-2 space-y-1.5 text-muted-foreground">
      {links.map((l) => (
        <li key={l.href}>
          <Link className={linkClass} href={l.href}>
            {l.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The footer; a server component, so its account links know the session without client script. */
export function SiteFooter() {
  return (
    <footer className="mt-16 border-t bg-muted/40">
      <div className="mx-auto grid max-w-7xl gap-8 px-4 py-10 text-sm sm:grid-cols-3">
        <div>
          <p className="text-lg font-bold text-primary">Soko</p>
          <p className="mt-2 max-w-xs text-muted-foreground">
            A marketplace of independent sellers. Pay with M-Pesa, card or cash on delivery.
          </p>
        </div>
        <nav aria-label="Shop">
          <p className="font-semibold">Shop</p>
          <ul className="mt-2 space-y-1.5 text-muted-foreground">
            <li>
              <Link className="hover:text-foreground" href="/products">
                All products
              </Link>
            </li>
            <li>
              <Link className="hover:text-foreground" href="/products?sort=newest">
                New arrivals
              </Link>
            </li>
            <li>
              <Link className="hover:text-foreground" href="/search">
                Search
              </Link>
            </li>
          </ul>
        </nav>
        <nav aria-label="Account">
          <p className="font-semibold">Account</p>
          <Suspense fallback={<ul className="mt-2 h-18" aria-hidden />}>
            <AccountLinks />
          </Suspense>
        </nav>
      </div>
      <p className="border-t py-4 text-center text-xs text-muted-foreground">
        © {new Date().getFullYear()} Soko. Open source.
      </p>
    </footer>
  );
}
