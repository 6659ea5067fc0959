import type { Problem } from '../api/types';
import { problemMessage } from '../form-errors';

/**
 * Why Add to cart was refused, as the product page says it. Worked out on the server (the cart
 * actions), so the product page's script carries no message table.
 */
export function addRefusal(problem: Problem): string {
  if (problem.code !== 'out_of_stock') return problemMessage(problem);
  return typeof problem.available === 'number' && problem.available > 0
    ? `Only ${problem.available} left, and your cart already holds some. Lower the quantity.`
    : 'This option has just sold out.';
}
