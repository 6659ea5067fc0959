'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FormField, fieldProps } from '@/components/ui/form-field';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { FormError } from '@/components/auth/form-error';
import { applyProblem } from '@/lib/form-errors';
import { SignInForm as Schema } from '@/lib/validation/auth';
import { signInAction } from '../actions';
import { ClientForm } from '@/components/ui/client-form';

export function SignInForm({ next, notice }: { next: string; notice?: string }) {
  const router = useRouter();
  const form = useForm<Schema>({
    resolver: zodResolver(Schema),
    defaultValues: { identifier: '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await signInAction({ ...values, next });
    if (!result.ok) {
      applyProblem(result.problem, form.setError, ['identifier', 'password']);
      return;
    }
    router.push(result.data.next);
    router.refresh();
  });
  return (
    <ClientForm onSubmit={onSubmit} className="grid gap-4">
      {notice ? (
        <Alert variant="success">
          <AlertDescription>{notice}</AlertDescription>
        </Alert>
      ) : null}
      <FormError message={errors.root?.message} />
      <FormField id="identifier" label="Email or username" error={errors.identifier?.message}>
        <Input
          {...fieldProps('identifier', errors.identifier?.message)}
          autoComplete="username"
          {...form.register('identifier')}
        />
      </FormField>
      <FormField id="password" label="Password" error={errors.password?.message}>
        <Input
          {...fieldProps('password', errors.password?.message)}
          type="password"
          autoComplete="current-password"
          {...form.register('password')}
        />
      </FormField>
      <div className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="text-primary underline-offset-4 hover:underline">
          Forgot your password?
        </Link>
      </div>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null} Sign in
      </Button>
    </ClientForm>
  );
}
