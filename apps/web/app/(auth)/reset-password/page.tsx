import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth/auth-card';
import { ResetForm } from './reset-form';

export const metadata: Metadata = {
  title: 'Choose a new password',
  robots: { index: false },
  referrer: 'no-referrer',
};

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  if (!token) {
    return (
      <AuthCard
        title="Reset link missing"
        description="Open the link from the email again, or ask for a new one."
      >
        <Link className="text-sm text-primary underline" href="/forgot-password">
          Send a new reset link
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Choose a new password"
      description="After this, every device is signed out and you sign in with the new password."
    >
      <ResetForm token={token} />
    </AuthCard>
  );
}
