import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { buildApp } from './app.js';
import { migrate, openDatabase } from './platform/db.js';
import { createPlatform } from './platform/platform.js';
import { allQueues } from './bootstrap.js';
import { modules, type Command } from './modules/registry.js';
import { seedDemo } from './seed.js';

const seedCommand: Command = {
  summary: 'load the demo shop (--reset first removes its demo data; --products N for a large catalogue)',
  async run(platform, argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        reset: { type: 'boolean', default: false },
        products: { type: 'string' },
        seed: { type: 'string' },
      },
    });
    const products = values.products ? Number(values.products) : undefined;
    if (products !== undefined && (!Number.isInteger(products) || products < 1 || products > 5_000_000)) {
      throw new Error('--products must be a whole number between 1 and 5000000');
    }
    const bar = new cliProgress.SingleBar(
      { format: 'products {bar} {value}/{total} | {duration_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(products ?? 240, 0);
    const result = await seedDemo(platform, {
      reset: values.reset,
      ...(products !== undefined && { products }),
      ...(values.seed !== undefined && { seed: Number(values.seed) }),
      onProgress: (done) => bar.update(done),
    });
    bar.stop();
    for (const line of result.lines) console.log(line);
  },
};

/** The platform's commands, then each module's (Module.commands). */
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
  seed: seedCommand,
  ...Object.assign({}, ...modules.map((m) => m.commands ?? {})),
};

async function main() {
  const [name, ...argv] = process.argv.slice(2);
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

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
