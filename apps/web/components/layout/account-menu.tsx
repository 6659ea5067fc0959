'use client';
import Link from 'next/link';
import { LogIn, LogOut, MailCheck, Shield, User as UserIcon, MapPin } from 'lucide-react';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { signOutAction } from '@/app/(auth)/actions';

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
  const initials = user.name
    .split(/\s+/)
    .map((p) => p[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className="rounded-full bg-accent"
          aria-label={`Account menu for ${user.name}`}
        >
          <span className="text-sm font-semibold">{initials || <UserIcon />}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel className="font-normal">
          <span className="block font-medium">{user.name}</span>
          <span className="block truncate text-xs text-muted-foreground">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/account">
            <UserIcon /> Profile
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/account/addresses">
            <MapPin /> Addresses
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/account/security">
            <Shield /> Security
          </Link>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOutAction()}>
          <LogOut /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
