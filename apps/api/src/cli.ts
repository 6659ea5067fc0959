import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { buildApp } from './app.js';
import { migrate, openDatabase } from './platform/db.js';
import { createPlatform, type Platform } from './platform/platform.js';
import { allQueues } from './bootstrap.js';

/** A CLI command: receives the platform (migrated) and its own argv. */
type Command = {
  summary: string;
  /** Commands that only read the API's shape run on a throwaway in-memory database. */
  inMemory?: boolean;
  run: (platform: Platform, argv: string[]) => Promise<void>;
};

const commands: Record<string, Command> = {
  openapi: {
    summary: 'print the OpenAPI document (JSON) to stdout',
    inMemory: true,
    async run(platform) {
      const app = await buildApp(platform, { logger: false });
      await app.ready();
      process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
      await app.close();
    },
  },
};

/** Adds a command (modules call this from their cli file). */
export function registerCommand(name: string, command: Command) {
  commands[name] = command;
}

async function main() {
  const [name, ...argv] = process.argv.slice(2);
  await import('./cli-commands.js');
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.log('usage: npm run cli -- <command> [options]\n');
    for (const [n, c] of Object.entries(commands)) console.log(`  ${n.padEnd(14)} ${c.summary}`);
    process.exit(name ? 2 : 0);
  }
  let config;
  try {
    config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config);
  const database = command.inMemory
    ? await openDatabase({ dataDir: 'memory://' })
    : await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: `${config.dataDir}/pglite`,
        lock: 'cli',
      });
  const platform = await createPlatform(command.inMemory ? { ...config, redisUrl: undefined } : config, log, {
    database,
  });
  try {
    await migrate(database);
    await platform.jobs.declare(allQueues());
    await command.run(platform, argv);
  } finally {
    await platform.close();
  }
}

export { parseArgs };

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
