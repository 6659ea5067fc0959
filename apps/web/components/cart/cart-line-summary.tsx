import Link from 'next/link';
import type { ComponentProps, ReactNode } from 'react';
import type { Money } from '@/lib/api/types';
import { formatMoney } from '@/lib/format';
import { cx } from '@/lib/cx';

const sizes = {
  // The header's drawer: a narrow sheet.
  sm: {
    li: 'py-3',
    image: 56,
    imageClass: 'size-14',
    title: 'line-clamp-2 font-medium',
    total: 'text-sm font-medium',
  },
  // The cart page.
  md: {
    li: 'p-3 sm:gap-4 sm:p-4',
    image: 80,
    imageClass: 'size-20',
    title: 'font-medium',
    total: 'text-right font-semibold',
  },
};

/**
 * One cart line as the drawer and the cart page show it: thumbnail, title linking to the product,
 * a detail line, what the caller adds below it (notes, quantity controls) and the line total.
 * No hooks, so it renders on the server for the cart page and in the drawer's client chunk.
 */
export function CartLineSummary({
  line,
  size,
  detail,
  children,
  onNavigate,
  className,
  ...props
}: {
  line: { title: string; slug: string; image: string | null; lineTotal: Money };
  size: keyof typeof sizes;
  detail: ReactNode;
  children?: ReactNode;
  /** Called when the product link is followed (the drawer closes itself). */
  onNavigate?: () => void;
} & Omit<ComponentProps<'li'>, 'children'>) {
  const s = sizes[size];
  return (
    <li className={cx('flex gap-3', s.li, className)} {...props}>
      {line.image ? (
        <img
          src={line.image}
          alt=""
          width={s.image}
          height={s.image}
          className={cx(s.imageClass, 'rounded object-cover')}
        />
      ) : (
        <span aria-hidden className={cx(s.imageClass, 'rounded bg-muted')} />
      )}
      <div className={cx('min-w-0 flex-1', size === 'md' ? 'grid gap-1' : 'text-sm')}>
        <Link href={`/p/${line.slug}`} onClick={onNavigate} className={cx(s.title, 'hover:underline')}>
          {line.title}
        </Link>
        <p className={cx('text-muted-foreground', size === 'md' && 'text-sm')}>{detail}</p>
        {children}
      </div>
      <p className={s.total}>{formatMoney(line.lineTotal)}</p>
    </li>
  );
}
