import { buttonVariants } from '@/components/ui/button-variants';
import { cx } from '@/lib/cx';

/**
 * The header cart button's classes, alone in their module: the drawer's loading placeholder is on
 * every page, and importing this from `cart-link` would bring the link's count and label with it.
 */
export const cartButtonClass = cx(buttonVariants({ variant: 'ghost', size: 'icon' }), 'relative shrink-0');
