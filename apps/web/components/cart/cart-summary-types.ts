import type { Money } from '@/lib/api/types';

/** What the header's drawer shows of a cart line (a small prop, serialised into the page). */
export interface DrawerLine {
  id: string;
  title: string;
  variantTitle: string;
  slug: string;
  image: string | null;
  quantity: number;
  lineTotal: Money;
  available: boolean;
}
