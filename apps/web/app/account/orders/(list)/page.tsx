import type { Metadata } from 'next';
import Link from 'next/link';
import { PackageOpen } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { OrderCard } from '@/components/orders/order-card';
import { OrderFilters, OrderPagination } from '@/components/orders/order-filters';
import { isOrderStatus, orderStatusLabels } from '@/components/orders/labels';
import { listOrders } from '@/lib/api/orders';

export const metadata: Metadata = { title: 'Orders' };

/**
 * The caller's orders, newest first, 10 a page. `?status=` filters (an unknown value shows all),
 * `?page=` pages; both are links, so the list works before any script loads.
 */
export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; page?: string }>;
}) {
  const params = await searchParams;
  const status = isOrderStatus(params.status) ? params.status : undefined;
  const asked = Number.parseInt(params.page ?? '1', 10);
  const page = Number.isFinite(asked) && asked >= 1 && asked <= 10_000 ? asked : 1;
  const list = await listOrders({ status, page });
  return (
    <div className="grid gap-6">
      <h1 className="text-2xl font-bold tracking-tight">Your orders</h1>
      <OrderFilters current={status} />
      {list.items.length === 0 ? (
        <EmptyOrders status={status} beyondLastPage={page > 1 && list.total > 0} />
      ) : (
        <>
          <ul className="grid gap-3" aria-label={status ? `${orderStatusLabels[status]} orders` : 'Orders'}>
            {list.items.map((o) => (
              <OrderCard key={o.id} order={o} />
            ))}
          </ul>
          <OrderPagination status={status} page={list.page} totalPages={list.totalPages} />
        </>
      )}
    </div>
  );
}

function EmptyOrders({ status, beyondLastPage }: { status?: string; beyondLastPage: boolean }) {
  if (status || beyondLastPage) {
    return (
      <div className="rounded-lg border border-dashed p-8 text-center text-sm" data-testid="orders-empty">
        <p className="text-muted-foreground">
          {beyondLastPage
            ? 'There are no orders on this page.'
            : `No orders are ${orderStatusLabels[status as keyof typeof orderStatusLabels].toLowerCase()} right now.`}
        </p>
        <Button asChild variant="outline" className="mt-4">
          <Link href="/account/orders">See all orders</Link>
        </Button>
      </div>
    );
  }
  return (
    <div
      className="grid justify-items-center gap-3 rounded-lg border border-dashed p-10 text-center"
      data-testid="orders-empty"
    >
      <PackageOpen aria-hidden className="size-10 text-muted-foreground" />
      <h2 className="text-lg font-semibold">No orders yet</h2>
      <p className="max-w-sm text-sm text-muted-foreground">
        When you buy something, it appears here with its payment and delivery progress.
      </p>
      <Button asChild className="mt-2">
        <Link href="/products">Start shopping</Link>
      </Button>
    </div>
  );
}
