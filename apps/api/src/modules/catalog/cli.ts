import cliProgress from 'cli-progress';
import { parseArgs } from 'node:util';
import { registerCommand } from '../../cli.js';
import { DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_SELLERS, seedCatalog } from './seed.js';

registerCommand('seed', {
  summary: 'load the demo catalogue (--reset first empties it; --products N for a large catalogue)',
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
    const result = await seedCatalog(platform, {
      reset: values.reset,
      ...(products !== undefined && { products }),
      ...(values.seed !== undefined && { seed: Number(values.seed) }),
      onProgress: (done) => bar.update(done),
    });
    bar.stop();
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `Seeded ${result.products} products (${result.variants} variants) in ${result.categories} categories in ${seconds(result.ms)}` +
        ` (rows made ${seconds(result.phases.generate)}, inserted ${seconds(result.phases.insert)}, indexes built ${seconds(result.phases.indexes)}).`,
    );
    console.log(`Demo accounts (password ${DEMO_PASSWORD}):`);
    for (const u of [...DEMO_SELLERS, ...DEMO_CUSTOMERS]) console.log(`  ${u.email}  ${u.name}`);
  },
});
