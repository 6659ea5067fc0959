import Link from 'next/link';
import type { OrderStatus } from '@/lib/api/orders';
import { cn } from '@/lib/cn';
import { orderStatusFilters, orderStatusLabels } from './labels';

const hrefFor = (status?: OrderStatus, page?: number) => {
  const q = new URLSearchParams();
  if (status) q.set('status', status);
  if (page && page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `/account/orders?${s}` : '/account/orders';
};

/** The status filter: plain links (no client JS), the current one marked for screen readers. */
export function OrderFilters({ current }: { current?: OrderStatus }) {
  const tabs: { status?: OrderStatus; label: string }[] = [
    { label: 'All' },
    ...orderStatusFilters.map((status) => ({ status, label: orderStatusLabels[status] })),
  ];
  return (
    <nav aria-label="Filter orders by status" className="-mx-1 overflow-x-auto px-1 pb-1">
      <ul className="flex gap-1.5 sm:flex-wrap">
        {tabs.map((t) => {
          const active = t.status === current;
          return (
            <li key={t.label}>
              <Link
                href={hrefFor(t.status)}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  'inline-flex h-9 items-center whitespace-nowrap rounded-full border px-3 text-sm font-medium',
                  active ? 'border-primary bg-primary text-primary-foreground' : 'hover:bg-accent',
                )}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Previous and next page links with "Page 2 of 5"; nothing when there is one page. */
export function OrderPagination({
  status,
  page,
  totalPages,
}: {
  status?: OrderStatus;
  page: number;
  totalPages: number;
}) {
  if (totalPages <= 1) return null;
  const link = 'inline-flex h-10 items-center rounded-md border px-4 text-sm font-medium hover:bg-accent';
  return (
    <nav aria-label="Order pages" className="flex items-center justify-between gap-3 text-sm">
      {page > 1 ? (
        <Link className={link} href={hrefFor(status, page - 1)} rel="prev">
          Newer orders
        </Link>
      ) : (
        <span />
      )}
      <span className="text-muted-foreground">
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? (
        <Link className={link} href={hrefFor(status, page + 1)} rel="next">
          Older orders
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
