/**
 * Prints EXPLAIN ANALYZE for the catalogue's main queries against a seeded database, for
 * QUERIES.md: `DATABASE_URL=... npx tsx src/modules/catalog/explain.ts [products]`.
 */
import { sql, type SQL } from 'drizzle-orm';
import pino from 'pino';
import { loadConfig } from '../../config.js';
import { migrate, type DbOrTx, type Tx } from '../../platform/db.js';
import { createPlatform } from '../../platform/platform.js';
import { EXACT_COUNT_CAP, filtersOf, orderOf, tolerantSearch, typedSearch } from './listing.js';
import {
  categoryAndDescendants,
  selectBoundedFacets,
  selectDetail,
  selectRankedFacets,
  selectRareSuggestions,
  selectSuggestionWords,
  selectSuggestions,
  selectSummaries,
  selectSummariesByPrice,
  selectWordsOfLength,
} from './read-queries.js';
import { ListProductsQuery } from './schema.js';
import { seedDemo } from '../../seed.js';
import { lengthWindow, tolerantQuery } from './typos.js';

const config = loadConfig({
  ...process.env,
  LOG_LEVEL: 'warn',
  DATA_DIR: process.env.DATA_DIR ?? '/tmp/soko-explain',
});
const platform = await createPlatform(config, pino({ level: 'warn' }));
await migrate(platform.database);
const count = Number(process.argv[2] ?? 100_000);
if (process.env.SKIP_SEED !== 'true') {
  const seeded = await seedDemo(platform, { reset: true, products: count });
  console.log(`${seeded.lines.at(-1)}\n`);
}

const db = platform.database.db;
let plan: Record<string, string>[] = [];
// Runs each statement under EXPLAIN ANALYZE (which executes it). A transaction (the rare-words
// suggestion) runs in a real one, so its `set_config(…, true)` applies to the plan shown.
const explainingOn = (base: DbOrTx): DbOrTx =>
  ({
    execute: async (q: SQL) => {
      const result = (await base.execute(sql`explain (analyze, buffers, costs off) ${q}`)) as unknown as {
        rows: Record<string, string>[];
      };
      plan = result.rows;
      return result;
    },
    transaction: <T>(work: (tx: DbOrTx) => Promise<T>) => base.transaction((tx) => work(explainingOn(tx))),
  }) as unknown as DbOrTx;
const explaining = explainingOn(db);

async function show(title: string, run: (d: DbOrTx) => Promise<unknown>) {
  await run(explaining);
  console.log(`## ${title}\n\n\`\`\`\n${plan.map((r) => Object.values(r)[0]).join('\n')}\n\`\`\`\n`);
}
const q = (params: Record<string, string>) => ListProductsQuery.parse(params);
const list = (title: string, query: ListProductsQuery, text = query.q ? typedSearch(query.q) : undefined) =>
  show(`${title}: page`, (d) =>
    query.category && (query.sort === 'price' || query.sort === '-price')
      ? selectSummariesByPrice(
          d,
          filtersOf(query, text),
          sql`array${categoryAndDescendants(query.category)}`,
          query.sort === '-price',
          query.pageSize,
          (query.page - 1) * query.pageSize,
        )
      : selectSummaries(
          d,
          filtersOf(query, text),
          orderOf(query.sort, text),
          query.pageSize,
          (query.page - 1) * query.pageSize,
        ),
  ).then(() =>
    show(`${title}: facets and bounded count`, (d) =>
      selectBoundedFacets(d, filtersOf(query, text), EXACT_COUNT_CAP + 1),
    ),
  );

await list('Home page (newest)', q({ sort: 'newest' }));
await list('Category with sub-categories, by price', q({ category: 'electronics', sort: 'price' }));
await list(
  'Price range, in stock, cheapest first',
  q({ minPrice: '100000', maxPrice: '500000', inStock: 'true', sort: 'price' }),
);
const search = q({ q: 'wireless headphones' });
const typed = typedSearch(search.q!);
await show(
  'Full-text search "wireless headphones" by relevance: ranked page ids, facets and bounded count',
  (d) => selectRankedFacets(d, filtersOf(search, typed), typed.rank, EXACT_COUNT_CAP + 1, search.pageSize, 0),
);
const typoWords = ['wireless', 'headpohnes'];
const window = lengthWindow(typoWords)!;
await show('Typo search "wireless headpohnes": catalogue words within reach', (d) =>
  selectWordsOfLength(d, window.min, window.max),
);
const rewrite = tolerantQuery(typoWords, await selectWordsOfLength(db, window.min, window.max));
const tolerant = tolerantSearch(rewrite.anyCandidate, rewrite.closest.join(' & '));
await show(`Typo search "wireless headpohnes" as ${rewrite.anyCandidate}: ranked page ids and facets`, (d) =>
  selectRankedFacets(d, filtersOf(search, tolerant), tolerant.rank, EXACT_COUNT_CAP + 1, search.pageSize, 0),
);
await show('Suggestion words for "head"', (d) => selectSuggestionWords(d, ['head']));
await show('Suggestions for "head"', (d) => selectSuggestions(d, 'head', '(headlamp | headphones)', 8));
await show('Suggestions for "wireless hub": rare words', (d) =>
  d.transaction((tx) => selectRareSuggestions(tx as Tx, '(wireless) & (hub)', 8)),
);
const slug = (
  (await db.execute(sql`select slug from products where status = 'active' limit 1`)) as unknown as {
    rows: { slug: string }[];
  }
).rows[0]!.slug;
await show('Product detail by slug', (d) => selectDetail(d, slug));
await platform.close();
