'use client';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2, MailCheck } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FormField, fieldProps } from '@/components/ui/form-field';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { FormError } from '@/components/auth/form-error';
import { applyProblem } from '@/lib/form-errors';
import { EmailForm } from '@/lib/validation/auth';
import { forgotPasswordAction } from '../actions';
import { ClientForm } from '@/components/ui/client-form';

export function ForgotForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm<EmailForm>({ resolver: zodResolver(EmailForm), defaultValues: { email: '' } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await forgotPasswordAction(values);
    if (!result.ok) {
      applyProblem(result.problem, form.setError, ['email']);
      return;
    }
    setSentTo(values.email);
  });
  if (sentTo) {
    return (
      <Alert variant="success">
        <MailCheck aria-hidden />
        <AlertDescription>
          If an account uses <strong>{sentTo}</strong>, a reset link is on its way. It works once, for one
          hour.
        </AlertDescription>
      </Alert>
    );
  }
  return (
    <ClientForm onSubmit={onSubmit} className="grid gap-4">
      <FormError message={errors.root?.message} />
      <FormField id="email" label="Email" error={errors.email?.message}>
        <Input
          {...fieldProps('email', errors.email?.message)}
          type="email"
          autoComplete="email"
          {...form.register('email')}
        />
      </FormField>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null} Send reset link
      </Button>
    </ClientForm>
  );
}
