import Link from 'next/link';
import { Suspense } from 'react';
import { AccountMenu } from './account-menu';
import { CartButton } from '@/components/cart/cart-button';
import { CartLink } from '@/components/cart/cart-link';
import { SearchBox } from '@/components/catalog/search-box';
import { findCurrentUser } from '@/lib/api/auth';
import { readPendingEmail } from '@/lib/api/session';
import { Skeleton } from '@/components/ui/skeleton';

async function Account() {
  const [user, pendingEmail] = await Promise.all([findCurrentUser().catch(() => null), readPendingEmail()]);
  return (
    <AccountMenu
      user={user ? { name: user.name, email: user.email, role: user.role } : null}
      pendingEmail={user ? null : pendingEmail}
    />
  );
}

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/95 backdrop-blur supports-[backdrop-filter]:bg-background/80">
      <div className="mx-auto flex h-16 max-w-7xl items-center gap-3 px-4 sm:gap-6">
        <Link
          href="/"
          className="flex shrink-0 items-center gap-2 text-xl font-bold tracking-tight text-primary"
        >
          <span
            aria-hidden
            className="grid size-8 place-items-center rounded-md bg-primary text-base text-primary-foreground"
          >
            S
          </span>
          <span className="hidden sm:inline">Soko</span>
          <span className="sr-only sm:hidden">Soko home</span>
        </Link>
        <nav aria-label="Main" className="hidden items-center gap-4 text-sm font-medium md:flex">
          <Link href="/products" className="text-muted-foreground hover:text-foreground">
            All products
          </Link>
        </nav>
        <div className="min-w-0 flex-1">
          <Suspense fallback={<Skeleton className="h-10 w-full" />}>
            <SearchBox />
          </Suspense>
        </div>
        <Suspense fallback={<Skeleton className="size-10 rounded-full" />}>
          <Account />
        </Suspense>
        <Suspense fallback={<CartLink count={0} />}>
          <CartButton />
        </Suspense>
      </div>
    </header>
  );
}
