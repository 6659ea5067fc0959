import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Clock, ShieldAlert } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { findCurrentUser } from '@/lib/api/auth';
import { ProfileForm } from './profile-form';

export const metadata: Metadata = { title: 'Profile' };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const user = await findCurrentUser();
  if (!user) redirect('/sign-in?next=/account');
  const { denied } = await searchParams;
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Hello, {user.name.split(' ')[0]}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
          {user.email}
          <Badge variant="secondary" className="capitalize">
            {user.role}
          </Badge>
          {user.twoFactor.method ? <Badge variant="success">Two-factor on</Badge> : null}
        </p>
      </div>
      {denied ? (
        <Alert variant="warning">
          <ShieldAlert aria-hidden />
          <AlertTitle>That area is not for your account</AlertTitle>
          <AlertDescription>You were brought back to your profile.</AlertDescription>
        </Alert>
      ) : null}
      {user.role === 'seller' && user.sellerStatus !== 'approved' ? (
        <Alert variant="warning" data-testid="seller-status">
          <Clock aria-hidden />
          <AlertTitle>
            {user.sellerStatus === 'rejected'
              ? 'Your seller application was not approved'
              : 'Your seller application is being reviewed'}
          </AlertTitle>
          <AlertDescription>
            {user.sellerStatus === 'rejected'
              ? 'Contact support if you think this is a mistake. You can still shop on Soko.'
              : 'An admin reviews new sellers, usually within a day. You can list products once approved; meanwhile you can shop as usual.'}
          </AlertDescription>
        </Alert>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>Your name appears on orders and reviews.</CardDescription>
        </CardHeader>
        <CardContent>
          <ProfileForm defaults={{ name: user.name, username: user.username ?? '' }} />
        </CardContent>
      </Card>
    </div>
  );
}
