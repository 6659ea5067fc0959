'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/lib/cn';

const links = [
  { href: '/account', label: 'Profile' },
  { href: '/account/orders', label: 'Orders' },
  { href: '/account/addresses', label: 'Addresses' },
  { href: '/account/security', label: 'Security' },
];

export function AccountNav() {
  const pathname = usePathname();
  // An order's page belongs to "Orders"; "Profile" (/account) only matches itself.
  const isCurrent = (href: string) =>
    pathname === href || (href !== '/account' && pathname.startsWith(`${href}/`));
  return (
    <nav aria-label="Account pages" className="flex gap-1 overflow-x-auto md:flex-col">
      {links.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          aria-current={isCurrent(l.href) ? 'page' : undefined}
          className={cn(
            'whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium hover:bg-accent',
            isCurrent(l.href) ? 'bg-accent text-accent-foreground' : 'text-muted-foreground',
          )}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
