'use client';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FormField, fieldProps } from '@/components/ui/form-field';
import { FormError } from '@/components/auth/form-error';
import { ResendButton } from '@/components/auth/resend-button';
import { toast } from '@/components/ui/toaster';
import { applyProblem } from '@/lib/form-errors';
import { CodeForm } from '@/lib/validation/auth';
import { verifyEmailAction } from '../actions';
import { ClientForm } from '@/components/ui/client-form';
import { withNext } from '@/lib/safe-next';

export function VerifyForm({ next }: { next?: string }) {
  const router = useRouter();
  const form = useForm<CodeForm>({ resolver: zodResolver(CodeForm), defaultValues: { code: '' } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await verifyEmailAction(values);
    if (!result.ok) {
      applyProblem(result.problem, form.setError, ['code']);
      return;
    }
    toast.success('Email verified. Sign in to continue.');
    router.push(withNext('/sign-in?verified=1', next));
    router.refresh();
  });
  return (
    <ClientForm onSubmit={onSubmit} className="grid gap-4">
      <FormError message={errors.root?.message} />
      <FormField id="code" label="Verification code" error={errors.code?.message}>
        <Input
          {...fieldProps('code', errors.code?.message)}
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          {...form.register('code')}
        />
      </FormField>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null} Verify email
      </Button>
      <ResendButton />
    </ClientForm>
  );
}
