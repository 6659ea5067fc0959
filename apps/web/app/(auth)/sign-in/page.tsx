import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { findCurrentUser } from '@/lib/api/auth';
import { safeNext, withNext } from '@/lib/safe-next';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; reset?: string; verified?: string }>;
}) {
  const { next, reset, verified } = await searchParams;
  if (await findCurrentUser()) redirect(safeNext(next));
  return (
    <AuthCard
      title="Sign in"
      description="Welcome back. Use your email address or username."
      footer={
        <>
          New to Soko?{' '}
          <Link className="font-medium text-primary underline" href={withNext('/register', next)}>
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm
        next={safeNext(next)}
        notice={
          reset
            ? 'Your password was changed. Sign in with the new one.'
            : verified
              ? 'Your email is verified. Sign in to continue.'
              : undefined
        }
      />
    </AuthCard>
  );
}
