import { AppError } from '../../platform/errors.js';

export const sellerNotApproved = () =>
  new AppError('seller_not_approved', { detail: 'An admin must approve this seller account first' });
export const emailTaken = () =>
  new AppError('email_taken', { detail: 'An account with this email already exists' });
export const usernameTaken = () => new AppError('username_taken', { detail: 'This username is taken' });
