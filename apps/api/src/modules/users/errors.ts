import { AppError } from '../../platform/errors.js';

export const sellerNotApproved = () =>
  new AppError('seller_not_approved', { detail: 'An admin must approve this seller account first' });
