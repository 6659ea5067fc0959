import type { Metadata } from 'next';
import { WifiOff } from 'lucide-react';

export const metadata: Metadata = { title: 'You are offline', robots: { index: false } };
export const dynamic = 'force-static';

export default function OfflinePage() {
  return (
    <div className="mx-auto max-w-xl px-4 py-20 text-center">
      <WifiOff aria-hidden className="mx-auto size-10 text-muted-foreground" />
      <h1 className="mt-4 text-3xl font-bold tracking-tight">You are offline</h1>
      <p className="mt-3 text-muted-foreground">
        Check your connection — this page will work again as soon as you are back online.
      </p>
      <a href="/" className="mt-6 inline-block font-semibold text-primary underline">
        Try again
      </a>
    </div>
  );
}
