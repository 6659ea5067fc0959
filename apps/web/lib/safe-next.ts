/** A same-site path to go to after signing in; anything else (other origins, `//x`) becomes `fallback`. */
export function safeNext(next: unknown, fallback = '/account'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return fallback;
  }
  return next;
}

/** `path` carrying `next` along (register → verify → sign-in keep the shopper's way back). */
export function withNext(path: string, next: unknown): string {
  const target = safeNext(next, '');
  if (!target) return path;
  return `${path}${path.includes('?') ? '&' : '?'}next=${encodeURIComponent(target)}`;
}
