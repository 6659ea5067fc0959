const base =
  'inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-md text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 disabled:pointer-events-none disabled:opacity-50 [&_svg]:size-4 [&_svg]:shrink-0';

const variants = {
  default: 'bg-primary text-primary-foreground hover:bg-primary/90',
  destructive: 'bg-destructive text-destructive-foreground hover:bg-destructive/90',
  outline: 'border border-input bg-background hover:bg-accent hover:text-accent-foreground',
  secondary: 'bg-secondary text-secondary-foreground hover:bg-secondary/80',
  ghost: 'hover:bg-accent hover:text-accent-foreground',
  link: 'text-primary underline-offset-4 hover:underline',
};

const sizes = {
  default: 'h-10 px-4 py-2',
  sm: 'h-9 rounded-md px-3',
  lg: 'h-11 rounded-md px-6 text-base',
  icon: 'size-10',
};

export type ButtonStyle = {
  variant?: keyof typeof variants | null;
  size?: keyof typeof sizes | null;
};

/**
 * The button styles, importable by client components without the merging `cn` (tailwind-merge).
 * Two lookups, not `cva`: the header's cart button and the error boundary put this on every page,
 * and class-variance-authority with clsx would add about 0.6 kB gzipped to each.
 */
export function buttonVariants({ variant, size }: ButtonStyle = {}) {
  return `${base} ${variants[variant ?? 'default']} ${sizes[size ?? 'default']}`;
}
