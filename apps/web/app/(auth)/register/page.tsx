import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth/auth-card';
import { RegisterForm } from './register-form';
import { withNext } from '@/lib/safe-next';

export const metadata: Metadata = { title: 'Create an account', robots: { index: false } };

export default async function RegisterPage({
  searchParams,
}: {
  searchParams: Promise<{ role?: string; next?: string }>;
}) {
  const { role, next } = await searchParams;
  return (
    <AuthCard
      title="Create your account"
      description="Shop from independent sellers, or open your own shop."
      footer={
        <>
          Already have an account?{' '}
          <Link className="font-medium text-primary underline" href={withNext('/sign-in', next)}>
            Sign in
          </Link>
        </>
      }
    >
      <RegisterForm initialRole={role === 'seller' ? 'seller' : 'customer'} next={next} />
    </AuthCard>
  );
}
