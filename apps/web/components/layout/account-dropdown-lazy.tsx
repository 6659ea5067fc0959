'use client';
import dynamic from 'next/dynamic';

/**
 * The account dropdown, split into its own chunk: Radix's menu (popper, focus scope, roving
 * focus) is about 40 kB gzipped and only browsers with a session ever load it.
 */
export const AccountDropdownLazy = dynamic(
  () => import('./account-dropdown').then((m) => m.AccountDropdown),
  {
    loading: () => <span aria-hidden className="block size-10 rounded-full bg-accent" />,
  },
);
