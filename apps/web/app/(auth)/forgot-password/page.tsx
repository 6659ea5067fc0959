import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth/auth-card';
import { ForgotForm } from './forgot-form';

export const metadata: Metadata = { title: 'Forgot password', robots: { index: false } };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Reset your password"
      description="Enter your account’s email and we will send you a link to choose a new password."
    >
      <ForgotForm />
    </AuthCard>
  );
}
