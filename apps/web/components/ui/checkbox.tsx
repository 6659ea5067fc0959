import type { ComponentProps } from 'react';
import { cn } from '@/lib/cn';

/** A native checkbox in the theme's colour: no script of its own, so it costs nothing to ship. */
export function Checkbox({
  className,
  onCheckedChange,
  ...props
}: Omit<ComponentProps<'input'>, 'type'> & { onCheckedChange?: (checked: boolean) => void }) {
  return (
    <input
      type="checkbox"
      className={cn(
        'size-4 shrink-0 cursor-pointer rounded-sm accent-primary focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-50',
        className,
      )}
      onChange={onCheckedChange ? (e) => onCheckedChange(e.target.checked) : undefined}
      {...props}
    />
  );
}
