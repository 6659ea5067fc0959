'use client';
import { lazy, Suspense, type ComponentProps } from 'react';

const AccountDropdown = lazy(() =>
  import('./account-dropdown').then((m) => ({ default: m.AccountDropdown })),
);

/**
 * The account dropdown, split into its own chunk: Radix's menu (popper, focus scope, roving
 * focus) is about 40 kB gzipped and only browsers with a session ever load it. `React.lazy`, not
 * `next/dynamic`: the header is on every page, and next/dynamic's loader would add about 1 kB
 * gzipped to each.
 */
export function AccountDropdownLazy(props: ComponentProps<typeof AccountDropdown>) {
  return (
    <Suspense fallback={<span aria-hidden className="block size-10 rounded-full bg-accent" />}>
      <AccountDropdown {...props} />
    </Suspense>
  );
}
