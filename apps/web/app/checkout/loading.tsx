import { Skeleton } from '@/components/ui/skeleton';

export default function CheckoutLoading() {
  return (
    <div className="mx-auto grid max-w-5xl gap-4 px-4 py-6" aria-busy="true" aria-label="Loading checkout">
      <Skeleton className="h-6 w-72" />
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-32 w-full" />
      <Skeleton className="h-10 w-40" />
    </div>
  );
}
