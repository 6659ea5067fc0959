import { z } from 'zod';
import { PageQuery } from '../../platform/schema.js';

export const ListUsersQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(100).optional().describe('Matches name, email or username'),
  role: z.enum(['customer', 'seller', 'admin']).optional(),
  status: z.enum(['pending_verification', 'active', 'disabled']).optional(),
  sellerStatus: z.enum(['pending', 'approved', 'rejected']).optional(),
}).strict();
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

export const UpdateUserBody = z
  .object({
    role: z.enum(['customer', 'seller', 'admin']).optional(),
    status: z.enum(['active', 'disabled']).optional(),
    sellerStatus: z.enum(['approved', 'rejected']).optional(),
  })
  .strict();
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;
