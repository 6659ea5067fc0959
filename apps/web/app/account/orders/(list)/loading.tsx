import { Skeleton } from '@/components/ui/skeleton';

/** The order list while the API answers (the order detail has none: its 404 must be real). */
export default function LoadingOrders() {
  return (
    <div className="grid gap-6" role="status" aria-label="Loading your orders">
      <Skeleton className="h-8 w-48" />
      <div className="flex gap-1.5 overflow-hidden">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-9 w-24 shrink-0 rounded-full" />
        ))}
      </div>
      <div className="grid gap-3">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="grid gap-2 rounded-lg border p-4">
            <div className="flex justify-between">
              <Skeleton className="h-5 w-36" />
              <Skeleton className="h-5 w-20" />
            </div>
            <Skeleton className="h-4 w-40" />
            <div className="flex gap-1.5">
              <Skeleton className="h-5 w-24 rounded-full" />
              <Skeleton className="h-5 w-20 rounded-full" />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
