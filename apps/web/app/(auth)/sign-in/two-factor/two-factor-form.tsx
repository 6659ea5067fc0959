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
import { applyProblem } from '@/lib/form-errors';
import { CodeForm } from '@/lib/validation/auth';
import { twoFactorAction } from '../../actions';
import { ClientForm } from '@/components/ui/client-form';

export function TwoFactorForm({ method }: { method: 'email' | 'totp' }) {
  const router = useRouter();
  const form = useForm<CodeForm>({
    resolver: zodResolver(CodeForm),
    defaultValues: { code: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await twoFactorAction(values);
    if (!result.ok) {
      applyProblem(result.problem, form.setError, ['code']);
      return;
    }
    router.push(result.data.next);
    router.refresh();
  });
  return (
    <ClientForm onSubmit={onSubmit} className="grid gap-4">
      <FormError message={errors.root?.message} />
      <FormField
        id="code"
        label={method === 'totp' ? 'Authentication code' : 'Code from the email'}
        error={errors.code?.message}
      >
        <Input
          {...fieldProps('code', errors.code?.message)}
          inputMode="text"
          autoComplete="one-time-code"
          autoFocus
          {...form.register('code')}
        />
      </FormField>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null} Verify and sign in
      </Button>
      {method === 'email' ? <ResendButton /> : null}
    </ClientForm>
  );
}
