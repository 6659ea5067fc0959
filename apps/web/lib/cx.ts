type ClassPart = string | false | null | undefined;

/**
 * Joins class names without Tailwind merging: for client components, whose class strings never
 * override each other, so tailwind-merge (about 8 kB gzipped) stays out of the browser bundle.
 */
export function cx(...parts: ClassPart[]) {
  return parts.filter(Boolean).join(' ');
}
