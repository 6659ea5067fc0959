'use client';
import type { ComponentProps } from 'react';
import { useHydrated } from '@/lib/use-hydrated';

/**
 * A form that only client code submits (react-hook-form and a server action). Its controls stay
 * disabled until the page is hydrated: text typed earlier would be wiped when the form library
 * takes the fields over, and a click would submit the form natively, as a GET that puts every
 * field (a password too) in the URL. Browser tests wait for the fields to be enabled.
 */
export function ClientForm({ children, ...props }: ComponentProps<'form'>) {
  const hydrated = useHydrated();
  return (
    <form noValidate {...props}>
      <fieldset disabled={!hydrated} className="contents">
        {children}
      </fieldset>
    </form>
  );
}
