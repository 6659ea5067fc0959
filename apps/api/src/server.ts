import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createPlatform } from './platform/platform.js';
import { startWorker } from './worker.js';

/**
 * The API entry point: listens first (so `/healthz` answers and `/readyz` says "starting"), then
 * migrates, seeds and creates the admin, then starts the job worker in the same process unless
 * `WORKER=false`.
 */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config);
  const platform = await createPlatform(config, log);
  const app = await buildApp(platform, { logger: log });
  await app.listen({ port: config.apiPort, host: config.host });
  closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
    if (err) log.error({ err }, 'shutting down after an error');
    else log.info({ signal }, 'shutting down');
    await app.close();
    await platform.close();
  });
  await bootstrap(platform);
  if (process.env.WORKER !== 'false') await startWorker(platform);
  log.info(`API ready on ${config.publicApiUrl} (docs: ${config.publicApiUrl}/api/docs)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
