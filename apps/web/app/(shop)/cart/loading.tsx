import { Skeleton } from '@/components/ui/skeleton';

export default function CartLoading() {
  return (
    <div className="mx-auto grid max-w-5xl gap-4 px-4 py-8" aria-busy="true" aria-label="Loading your cart">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-24 w-full" />
    </div>
  );
}
