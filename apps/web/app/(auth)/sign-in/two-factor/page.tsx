import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { readChallenge } from '@/lib/api/session';
import { TwoFactorForm } from './two-factor-form';

export const metadata: Metadata = { title: 'Two-factor sign-in', robots: { index: false } };

export default async function TwoFactorPage() {
  const challenge = await readChallenge();
  if (!challenge) redirect('/sign-in');
  return (
    <AuthCard
      title="Confirm it’s you"
      description={
        challenge.method === 'totp'
          ? 'Enter the 6-digit code from your authenticator app, or one of your backup codes.'
          : 'We emailed you a 6-digit code. Enter it below, or use one of your backup codes.'
      }
    >
      <TwoFactorForm method={challenge.method} />
    </AuthCard>
  );
}
