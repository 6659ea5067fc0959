import { AppError } from '../../platform/errors.js';

/** More units than are left: `available` is the stock now. */
export const outOfStock = (available: number) =>
  new AppError('out_of_stock', {
    detail: available === 0 ? 'This item is sold out' : `Only ${available} left in stock`,
    meta: { available },
  });
