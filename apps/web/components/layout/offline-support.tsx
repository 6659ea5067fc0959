'use client';
import { useEffect } from 'react';

/** Registers the tiny service worker that serves /offline when the network is gone. */
export function OfflineSupport() {
  useEffect(() => {
    if (process.env.NODE_ENV === 'production' && 'serviceWorker' in navigator) {
      navigator.serviceWorker.register('/sw.js').catch(() => undefined);
    }
  }, []);
  return null;
}
