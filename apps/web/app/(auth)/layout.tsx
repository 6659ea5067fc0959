import type { ReactNode } from 'react';
import { Toaster } from '@/components/ui/toaster';

/** Sign-in, registration and recovery: with the account pages, the only ones that show toasts. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      {children}
      <Toaster />
    </>
  );
}
