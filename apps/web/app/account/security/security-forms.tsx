'use client';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Laptop, Loader2, ShieldCheck } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { FormField, fieldProps } from '@/components/ui/form-field';
import { FormError } from '@/components/auth/form-error';
import { toast } from '@/components/ui/toaster';
import type { Session } from '@/lib/api/types';
import { applyProblem, problemMessage } from '@/lib/form-errors';
import { ChangePasswordForm, CodeForm, PasswordOnlyForm } from '@/lib/validation/auth';
import {
  changePasswordAction,
  disableTwoFactorAction,
  enableEmailTwoFactorAction,
  enableTotpAction,
  revokeSessionAction,
  setupTotpAction,
} from '../actions';
import { signOutAction } from '@/app/(auth)/actions';
import { ClientForm } from '@/components/ui/client-form';

export function ChangePasswordCard() {
  const form = useForm<ChangePasswordForm>({
    resolver: zodResolver(ChangePasswordForm),
    defaultValues: { currentPassword: '', newPassword: '', confirm: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await changePasswordAction(values);
    if (!result.ok) {
      if (result.problem.code === 'invalid_credentials') {
        form.setError('currentPassword', { message: 'That is not your current password.' });
      } else applyProblem(result.problem, form.setError, ['currentPassword', 'newPassword', 'confirm']);
      return;
    }
    form.reset();
    toast.success('Password changed. Other devices were signed out.');
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Password</CardTitle>
        <CardDescription>Changing it signs out your other devices.</CardDescription>
      </CardHeader>
      <CardContent>
        <ClientForm onSubmit={onSubmit} className="grid max-w-md gap-4">
          <FormError message={errors.root?.message} />
          <FormField id="currentPassword" label="Current password" error={errors.currentPassword?.message}>
            <Input
              {...fieldProps('currentPassword', errors.currentPassword?.message)}
              type="password"
              autoComplete="current-password"
              {...form.register('currentPassword')}
            />
          </FormField>
          <FormField id="newPassword" label="New password" error={errors.newPassword?.message}>
            <Input
              {...fieldProps('newPassword', errors.newPassword?.message)}
              type="password"
              autoComplete="new-password"
              {...form.register('newPassword')}
            />
          </FormField>
          <FormField id="confirmPassword" label="Repeat the new password" error={errors.confirm?.message}>
            <Input
              {...fieldProps('confirmPassword', errors.confirm?.message)}
              type="password"
              autoComplete="new-password"
              {...form.register('confirm')}
            />
          </FormField>
          <div>
            <Button type="submit" disabled={isSubmitting}>
              {isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null} Change password
            </Button>
          </div>
        </ClientForm>
      </CardContent>
    </Card>
  );
}

function PasswordConfirm({
  label,
  submitLabel,
  action,
  onDone,
  variant = 'default',
}: {
  label: string;
  submitLabel: string;
  action: (v: PasswordOnlyForm) => ReturnType<typeof disableTwoFactorAction>;
  onDone: () => void;
  variant?: 'default' | 'destructive';
}) {
  const form = useForm<PasswordOnlyForm>({
    resolver: zodResolver(PasswordOnlyForm),
    defaultValues: { password: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const id = `pw-${submitLabel.toLowerCase().replace(/\W+/g, '-')}`;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await action(values);
    if (!result.ok) {
      if (result.problem.code === 'invalid_credentials')
        form.setError('password', { message: 'That password is not right.' });
      else applyProblem(result.problem, form.setError, ['password']);
      return;
    }
    onDone();
  });
  return (
    <ClientForm onSubmit={onSubmit} className="grid max-w-md gap-3">
      <FormError message={errors.root?.message} />
      <FormField id={id} label={label} error={errors.password?.message}>
        <Input
          {...fieldProps(id, errors.password?.message)}
          type="password"
          autoComplete="current-password"
          {...form.register('password')}
        />
      </FormField>
      <div>
        <Button type="submit" variant={variant} disabled={isSubmitting}>
          {isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null} {submitLabel}
        </Button>
      </div>
    </ClientForm>
  );
}

type TotpSetup = { secret: string; otpauthUrl: string; qrCodeDataUrl: string };

export function TwoFactorCard({ method }: { method: 'email' | 'totp' | null }) {
  const [mode, setMode] = useState<'idle' | 'totp' | 'email' | 'disable'>('idle');
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);
  const [isPending, startTransition] = useTransition();
  const codeForm = useForm<CodeForm>({ resolver: zodResolver(CodeForm), defaultValues: { code: '' } });

  const startTotp = () =>
    startTransition(async () => {
      const result = await setupTotpAction();
      if (!result.ok) return void toast.error(problemMessage(result.problem));
      setSetup(result.data);
      setMode('totp');
    });

  const confirmTotp = codeForm.handleSubmit(async (values) => {
    const result = await enableTotpAction(values);
    if (!result.ok) return void applyProblem(result.problem, codeForm.setError, ['code']);
    setBackupCodes(result.data.backupCodes);
    setSetup(null);
    setMode('idle');
  });

  if (backupCodes) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>Save your backup codes</CardTitle>
          <CardDescription>
            Each code signs you in once if you lose your phone. They are shown only now — store them somewhere
            safe.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <ul
            className="grid grid-cols-2 gap-2 rounded-lg bg-muted p-4 font-mono text-sm"
            data-testid="backup-codes"
          >
            {backupCodes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <div className="flex gap-2">
            <Button
              variant="outline"
              onClick={() => {
                void navigator.clipboard?.writeText(backupCodes.join('\n'));
                toast.success('Copied.');
              }}
            >
              Copy codes
            </Button>
            <Button onClick={() => setBackupCodes(null)}>I saved them</Button>
          </div>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          Two-factor sign-in
          {method ? (
            <Badge variant="success">
              <ShieldCheck aria-hidden className="mr-1 size-3" /> On (
              {method === 'totp' ? 'authenticator app' : 'email code'})
            </Badge>
          ) : (
            <Badge variant="secondary">Off</Badge>
          )}
        </CardTitle>
        <CardDescription>
          A second step when you sign in: a code from an authenticator app or from your email.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {mode === 'idle' ? (
          <div className="flex flex-wrap gap-2">
            {method !== 'totp' ? (
              <Button onClick={startTotp} disabled={isPending}>
                {isPending ? <Loader2 className="animate-spin" aria-hidden /> : null} Use an authenticator app
              </Button>
            ) : null}
            {method !== 'email' ? (
              <Button variant="outline" onClick={() => setMode('email')}>
                Use email codes
              </Button>
            ) : null}
            {method ? (
              <Button variant="ghost" onClick={() => setMode('disable')}>
                Turn off
              </Button>
            ) : null}
          </div>
        ) : null}

        {mode === 'totp' && setup ? (
          <div className="grid gap-4 sm:grid-cols-[auto_1fr]">
            <img
              src={setup.qrCodeDataUrl}
              alt="QR code for your authenticator app"
              width={180}
              height={180}
              className="rounded-md border bg-white p-2"
            />
            <ClientForm onSubmit={confirmTotp} className="grid content-start gap-3">
              <p className="text-sm">
                Scan the code with your authenticator app, or type this key:{' '}
                <code className="break-all rounded bg-muted px-1 py-0.5 text-xs" data-testid="totp-secret">
                  {setup.secret}
                </code>
              </p>
              <FormError message={codeForm.formState.errors.root?.message} />
              <FormField
                id="totp-code"
                label="6-digit code from the app"
                error={codeForm.formState.errors.code?.message}
              >
                <Input
                  {...fieldProps('totp-code', codeForm.formState.errors.code?.message)}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  {...codeForm.register('code')}
                />
              </FormField>
              <div className="flex gap-2">
                <Button type="submit" disabled={codeForm.formState.isSubmitting}>
                  {codeForm.formState.isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null}{' '}
                  Turn on
                </Button>
                <Button type="button" variant="ghost" onClick={() => setMode('idle')}>
                  Cancel
                </Button>
              </div>
            </ClientForm>
          </div>
        ) : null}

        {mode === 'email' ? (
          <PasswordConfirm
            label="Confirm with your password"
            submitLabel="Turn on email codes"
            action={enableEmailTwoFactorAction}
            onDone={() => {
              toast.success('Email codes are on.');
              setMode('idle');
            }}
          />
        ) : null}

        {mode === 'disable' ? (
          <Alert variant="warning">
            <AlertTitle>Turn off two-factor sign-in?</AlertTitle>
            <AlertDescription>
              <PasswordConfirm
                label="Confirm with your password"
                submitLabel="Turn off two-factor"
                variant="destructive"
                action={disableTwoFactorAction}
                onDone={() => {
                  toast.success('Two-factor sign-in is off.');
                  setMode('idle');
                }}
              />
            </AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}

export function SessionList({ sessions }: { sessions: Session[] }) {
  const [isPending, startTransition] = useTransition();
  if (sessions.length === 0) return <p className="text-sm text-muted-foreground">No active sessions.</p>;
  return (
    <ul className="divide-y">
      {sessions.map((s) => (
        <li key={s.id} className="flex flex-wrap items-center gap-3 py-3 text-sm" data-testid="session">
          <Laptop aria-hidden className="size-5 text-muted-foreground" />
          <div className="min-w-0 flex-1">
            <p className="font-medium">
              {s.device || 'Unknown device'} {s.current ? <Badge variant="success">This device</Badge> : null}
            </p>
            <p className="text-muted-foreground">
              {s.ip ? `${s.ip} · ` : ''}last active{' '}
              {s.lastUsedAt ? new Date(s.lastUsedAt).toLocaleString('en-KE') : 'unknown'}
            </p>
          </div>
          {s.current ? (
            <Button
              variant="outline"
              size="sm"
              disabled={isPending}
              onClick={() => startTransition(() => signOutAction())}
            >
              Sign out this device
            </Button>
          ) : (
            <Button
              variant="outline"
              size="sm"
              disabled={isPending}
              onClick={() =>
                startTransition(async () => {
                  const result = await revokeSessionAction(s.id);
                  if (result.ok) toast.success('That device was signed out.');
                  else toast.error(problemMessage(result.problem));
                })
              }
            >
              Sign out
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
