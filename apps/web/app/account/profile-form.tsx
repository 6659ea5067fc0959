'use client';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FormField, fieldProps } from '@/components/ui/form-field';
import { FormError } from '@/components/auth/form-error';
import { toast } from '@/components/ui/toaster';
import { applyProblem } from '@/lib/form-errors';
import { ProfileForm as Schema } from '@/lib/validation/auth';
import { updateProfileAction } from './actions';
import { ClientForm } from '@/components/ui/client-form';

export function ProfileForm({ defaults }: { defaults: Schema }) {
  const form = useForm<Schema>({ resolver: zodResolver(Schema), defaultValues: defaults });
  const { errors, isSubmitting, isDirty } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await updateProfileAction(values);
    if (!result.ok) {
      applyProblem(result.problem, form.setError, ['name', 'username']);
      return;
    }
    form.reset(values);
    toast.success('Profile saved.');
  });
  return (
    <ClientForm onSubmit={onSubmit} className="grid max-w-md gap-4">
      <FormError message={errors.root?.message} />
      <FormField id="name" label="Full name" error={errors.name?.message}>
        <Input {...fieldProps('name', errors.name?.message)} autoComplete="name" {...form.register('name')} />
      </FormField>
      <FormField id="username" label="Username" error={errors.username?.message}>
        <Input
          {...fieldProps('username', errors.username?.message)}
          autoComplete="username"
          {...form.register('username')}
        />
      </FormField>
      <div>
        <Button type="submit" disabled={isSubmitting || !isDirty}>
          {isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null} Save profile
        </Button>
      </div>
    </ClientForm>
  );
}
