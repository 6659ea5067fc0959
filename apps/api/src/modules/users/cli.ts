import { parseArgs } from 'node:util';
import { contextFor } from '../../platform/context.js';
import type { Command } from '../registry.js';
import { ensureAdmin } from './service.js';

export const createAdminCommand: Command = {
  summary: 'create or update an active admin: --email E --password P',
  async run(platform, argv) {
    const { values } = parseArgs({
      args: argv,
      options: { email: { type: 'string' }, password: { type: 'string' } },
      strict: true,
    });
    const { email, password } = values;
    if (
      !email ||
      !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ||
      !password ||
      password.length < 8 ||
      password.length > 128
    ) {
      throw new Error(
        'usage: create-admin --email E --password P (a valid email; password 8-128 characters)',
      );
    }
    const admin = await ensureAdmin(contextFor(platform), email, password);
    console.log(`admin ready: ${admin?.email} (${admin?.id})`);
  },
};
