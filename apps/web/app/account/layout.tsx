import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { findCurrentUser } from '@/lib/api/auth';
import { readPendingEmail } from '@/lib/api/session';
import { Toaster } from '@/components/ui/toaster';
import { AccountNav } from './account-nav';

export const metadata: Metadata = {
  title: { default: 'Your account', template: '%s · Your account · Soko' },
  robots: { index: false },
};

/** The proxy already turned strangers away; this checks again against the API. */
export default async function AccountLayout({ children }: { children: ReactNode }) {
  if (await readPendingEmail()) redirect('/verify');
  const user = await findCurrentUser();
  if (!user) redirect('/sign-in?next=/account');
  return (
    <div className="mx-auto grid max-w-5xl gap-8 px-4 py-8 md:grid-cols-[12rem_1fr]">
      <AccountNav />
      <div className="min-w-0">{children}</div>
      <Toaster />
    </div>
  );
}
