import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { findCurrentUser, listSessions } from '@/lib/api/auth';
import { ChangePasswordCard, SessionList, TwoFactorCard } from './security-forms';

export const metadata: Metadata = { title: 'Security' };

export default async function SecurityPage() {
  const [user, sessions] = await Promise.all([findCurrentUser(), listSessions()]);
  if (!user) redirect('/sign-in?next=/account/security');
  return (
    <div className="grid gap-6">
      <h1 className="text-2xl font-bold tracking-tight">Security</h1>
      <ChangePasswordCard />
      <TwoFactorCard method={user.twoFactor.method} />
      <Card>
        <CardHeader>
          <CardTitle>Where you’re signed in</CardTitle>
          <CardDescription>Sign out any device you don’t recognise.</CardDescription>
        </CardHeader>
        <CardContent>
          <SessionList sessions={sessions} />
        </CardContent>
      </Card>
    </div>
  );
}
