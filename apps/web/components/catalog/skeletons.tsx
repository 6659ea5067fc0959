import { Skeleton } from '@/components/ui/skeleton';

export function ProductGridSkeleton({ count = 10, compact = false }: { count?: number; compact?: boolean }) {
  return (
    <div
      role="status"
      aria-label="Loading products"
      className="grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-3 lg:grid-cols-4 xl:grid-cols-5"
    >
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="overflow-hidden rounded-lg border">
          {compact ? (
            <Skeleton className="h-20 rounded-none" />
          ) : (
            <Skeleton className="aspect-square rounded-none" />
          )}
          {compact ? null : (
            <div className="space-y-2 p-3">
              <Skeleton className="h-4 w-4/5" />
              <Skeleton className="h-4 w-1/3" />
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
