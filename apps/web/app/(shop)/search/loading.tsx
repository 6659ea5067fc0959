import { ProductGridSkeleton } from '@/components/catalog/skeletons';
import { Skeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <Skeleton className="mb-2 h-8 w-64" />
      <Skeleton className="mb-6 h-4 w-24" />
      <ProductGridSkeleton count={10} />
    </div>
  );
}
