import { useSyncExternalStore } from 'react';

const never = () => () => {};

/** False in the server render and while hydrating, true once React runs the page in the browser. */
export const useHydrated = () =>
  useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
