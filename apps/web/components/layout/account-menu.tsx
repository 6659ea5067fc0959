import Link from 'next/link';
import { LogIn, MailCheck } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { AccountDropdownLazy } from './account-dropdown-lazy';

/** Sign-in or verify link for strangers (no client JS); the account dropdown once signed in. */
export function AccountMenu({
  user,
  pendingEmail,
}: {
  user: { name: string; email: string; role: string } | null;
  pendingEmail: string | null;
}) {
  if (!user) {
    if (pendingEmail) {
      return (
        <Button asChild variant="outline" size="sm">
          <Link href="/verify">
            <MailCheck aria-hidden /> <span className="sr-only sm:not-sr-only">Verify email</span>
          </Link>
        </Button>
      );
    }
    return (
      <Button asChild variant="outline" size="sm">
        <Link href="/sign-in">
          <LogIn aria-hidden /> <span className="sr-only sm:not-sr-only">Sign in</span>
        </Link>
      </Button>
    );
  }
  return <AccountDropdownLazy user={user} />;
}
