'use client';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2, ShoppingBag, Store } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FormField, fieldProps } from '@/components/ui/form-field';
import { FormError } from '@/components/auth/form-error';
import { applyProblem } from '@/lib/form-errors';
import { cn } from '@/lib/cn';
import { RegisterForm as Schema } from '@/lib/validation/auth';
import { registerAction } from '../actions';
import { ClientForm } from '@/components/ui/client-form';
import { withNext } from '@/lib/safe-next';

export function RegisterForm({ initialRole, next }: { initialRole: 'customer' | 'seller'; next?: string }) {
  const router = useRouter();
  const form = useForm<Schema>({
    resolver: zodResolver(Schema),
    defaultValues: { name: '', email: '', username: '', password: '', role: initialRole },
  });
  const { errors, isSubmitting } = form.formState;
  const role = form.watch('role');
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await registerAction(values);
    if (!result.ok) {
      applyProblem(result.problem, form.setError, ['name', 'email', 'username', 'password', 'role']);
      return;
    }
    router.push(withNext('/verify', next));
    router.refresh();
  });
  return (
    <ClientForm onSubmit={onSubmit} className="grid gap-4">
      <FormError message={errors.root?.message} />
      <fieldset>
        <legend className="mb-2 text-sm font-medium">I want to</legend>
        <div className="grid grid-cols-2 gap-2">
          {(
            [
              { value: 'customer', label: 'Shop', icon: ShoppingBag },
              { value: 'seller', label: 'Sell', icon: Store },
            ] as const
          ).map(({ value, label, icon: Icon }) => (
            <label
              key={value}
              className={cn(
                'flex cursor-pointer items-center gap-2 rounded-md border p-3 text-sm font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring',
                role === value && 'border-primary bg-accent',
              )}
            >
              <input type="radio" value={value} className="sr-only" {...form.register('role')} />
              <Icon aria-hidden className="size-4" /> {label}
            </label>
          ))}
        </div>
        {role === 'seller' ? (
          <p className="mt-2 text-xs text-muted-foreground">
            An admin reviews new sellers before they can list products.
          </p>
        ) : null}
      </fieldset>
      <FormField id="name" label="Full name" error={errors.name?.message}>
        <Input {...fieldProps('name', errors.name?.message)} autoComplete="name" {...form.register('name')} />
      </FormField>
      <FormField id="email" label="Email" error={errors.email?.message}>
        <Input
          {...fieldProps('email', errors.email?.message)}
          type="email"
          autoComplete="email"
          {...form.register('email')}
        />
      </FormField>
      <FormField
        id="username"
        label="Username (optional)"
        error={errors.username?.message}
        hint="Sign in with it instead of your email."
      >
        <Input
          {...fieldProps('username', errors.username?.message)}
          autoComplete="username"
          {...form.register('username')}
        />
      </FormField>
      <FormField
        id="password"
        label="Password"
        error={errors.password?.message}
        hint="At least 8 characters; avoid common passwords."
      >
        <Input
          {...fieldProps('password', errors.password?.message)}
          type="password"
          autoComplete="new-password"
          {...form.register('password')}
        />
      </FormField>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null} Create account
      </Button>
    </ClientForm>
  );
}
