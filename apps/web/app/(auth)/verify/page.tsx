import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth/auth-card';
import { readPendingEmail } from '@/lib/api/session';
import { VerifyForm } from './verify-form';

export const metadata: Metadata = { title: 'Verify your email', robots: { index: false } };

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const email = await readPendingEmail();
  if (!email) {
    return (
      <AuthCard
        title="Verify your email"
        description="There is no email waiting for verification in this browser."
      >
        <p className="text-sm">
          <Link className="text-primary underline" href="/sign-in">
            Sign in
          </Link>{' '}
          with your password: if your email is not verified yet, we take you back here and mail a new code
          when your last one has expired. Or{' '}
          <Link className="text-primary underline" href="/register">
            create an account
          </Link>
          .
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Check your email"
      description={
        <>
          We sent a 6-digit code to <strong className="text-foreground">{email}</strong>. A code is valid for
          10 minutes; if it has not arrived or has expired, ask for a new one below.
        </>
      }
    >
      <VerifyForm next={next} />
    </AuthCard>
  );
}
