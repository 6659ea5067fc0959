'use client';
import Link from 'next/link';
import { useEffect } from 'react';
import { buttonVariants } from '@/components/ui/button-variants';

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-xl px-4 py-20 text-center">
      <h1 className="text-3xl font-bold tracking-tight">Something went wrong on our side</h1>
      <p className="mt-3 text-muted-foreground">
        The shop could not load this page just now. It is usually back within a few seconds.
      </p>
      {error.digest ? <p className="mt-2 text-xs text-muted-foreground">Reference: {error.digest}</p> : null}
      <div className="mt-6 flex justify-center gap-3">
        <button type="button" onClick={reset} className={buttonVariants()}>
          Try again
        </button>
        <Link href="/" className={buttonVariants({ variant: 'outline' })}>
          Go home
        </Link>
      </div>
    </div>
  );
}
