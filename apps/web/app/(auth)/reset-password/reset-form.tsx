'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FormField, fieldProps } from '@/components/ui/form-field';
import { FormError } from '@/components/auth/form-error';
import { applyProblem } from '@/lib/form-errors';
import { ResetForm as Schema } from '@/lib/validation/auth';
import { resetPasswordAction } from '../actions';
import { ClientForm } from '@/components/ui/client-form';

export function ResetForm({ token }: { token: string }) {
  const router = useRouter();
  const form = useForm<Schema>({
    resolver: zodResolver(Schema),
    defaultValues: { token, password: '', confirm: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await resetPasswordAction(values);
    if (!result.ok) {
      applyProblem(result.problem, form.setError, ['password', 'confirm']);
      return;
    }
    router.push('/sign-in?reset=1');
    router.refresh();
  });
  return (
    <ClientForm onSubmit={onSubmit} className="grid gap-4">
      <FormError message={errors.root?.message} />
      {errors.root ? (
        <Link className="text-sm text-primary underline" href="/forgot-password">
          Send a new reset link
        </Link>
      ) : null}
      <FormField id="password" label="New password" error={errors.password?.message}>
        <Input
          {...fieldProps('password', errors.password?.message)}
          type="password"
          autoComplete="new-password"
          {...form.register('password')}
        />
      </FormField>
      <FormField id="confirm" label="Repeat the new password" error={errors.confirm?.message}>
        <Input
          {...fieldProps('confirm', errors.confirm?.message)}
          type="password"
          autoComplete="new-password"
          {...form.register('confirm')}
        />
      </FormField>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null} Save new password
      </Button>
    </ClientForm>
  );
}
