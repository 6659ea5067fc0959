import { z } from 'zod';
import type { AddressRow } from '../../db/schema/addresses.js';
import { countryCodes } from './countries.js';

const text = (max: number) => z.string().trim().min(1).max(max);
export const Country = z
  .string()
  .transform((c) => c.toUpperCase())
  .refine((c) => countryCodes.has(c), 'must be an ISO 3166-1 alpha-2 code such as KE');

const fields = {
  fullName: text(100),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number'),
  line1: text(200),
  line2: text(200).nullable().optional(),
  city: text(100),
  region: text(100).nullable().optional(),
  postalCode: text(20).nullable().optional(),
  country: Country,
};

export const CreateAddressBody = z.object(fields).strict();
export type CreateAddressBody = z.infer<typeof CreateAddressBody>;
export const UpdateAddressBody = z.object(fields).partial().strict();
export type UpdateAddressBody = z.infer<typeof UpdateAddressBody>;

export const Address = z
  .object({
    id: z.uuid(),
    fullName: z.string(),
    phone: z.string(),
    line1: z.string(),
    line2: z.string().nullable(),
    city: z.string(),
    region: z.string().nullable(),
    postalCode: z.string().nullable(),
    country: z.string().length(2),
  })
  .meta({ id: 'Address' });
export type Address = z.infer<typeof Address>;

export const toAddress = (a: AddressRow): Address => ({
  id: a.id,
  fullName: a.fullName,
  phone: a.phone,
  line1: a.line1,
  line2: a.line2,
  city: a.city,
  region: a.region,
  postalCode: a.postalCode,
  country: a.country,
});
