import { describe, expect, it } from 'vitest';
import { contextFor, withTx, type ServiceContext } from '../../platform/context.js';
import { buildTestApp } from '../../test/harness.js';
import { makeUser, type MadeUser } from '../../test/factories.js';
import { skipUnless } from '../../test/services.js';
import { invalidateProductCaches } from './index.js';
import { getProduct, listProducts, listRelatedProducts } from './listing.js';
import { createCategory } from './categories.js';
import { createProduct, updateProduct } from './products.js';
import { ListProductsQuery } from './schema.js';

// The in-process cache: on a Redis shared by parallel test files, another file dropping the
// `catalog` tag would empty this file's entries between two reads.
const t = await buildTestApp({ worker: false, env: { REDIS_URL: '' } });
const admin = await makeUser(t, { role: 'admin' });
const seller = await makeUser(t, { role: 'seller' });

const as = (who: MadeUser): ServiceContext => ({
  ...contextFor(t.platform),
  actor: { id: who.user.id, role: who.user.role, sellerStatus: who.user.sellerStatus, sessionId: null },
});
const shopper = () => contextFor(t.platform);
const titleOf = async (ctx: ServiceContext, id: string) =>
  (JSON.parse((await getProduct(ctx, id)).json) as { title: string }).title;

const category = await createCategory(as(admin), { name: 'Cache commit' });
let seq = 0;
const newProduct = (title: string) =>
  createProduct(as(seller), {
    title,
    description: 'x',
    categoryId: category.id,
    variants: [{ sku: `CC-${++seq}`, price: 100_00, stock: 3 }],
  });

describe('catalogue cache and transactions', () => {
  it.skipIf(skipUnless('postgres', 'a read from another connection during an open transaction'))(
    'a read between a catalogue write and the outer commit cannot put the old answer back in the cache',
    async () => {
      const p = await newProduct('Kettle before');
      expect(await titleOf(shopper(), p.id)).toBe('Kettle before');
      await withTx(as(seller), async (tx) => {
        await updateProduct(tx, p.id, { title: 'Kettle after' });
        // Another request, on another connection, reads before the commit: it sees (and caches)
        // the committed title. Before #17 the write's savepoint had already dropped the cache.
        expect(await titleOf(shopper(), p.id)).toBe('Kettle before');
      });
      expect(await titleOf(shopper(), p.id)).toBe('Kettle after');
    },
  );

  it('a read inside a transaction is not cached: a rolled-back write leaves no trace for shoppers', async () => {
    const p = await newProduct('Mug before');
    expect(await titleOf(shopper(), p.id)).toBe('Mug before');
    await withTx(as(seller), async (tx) => {
      await updateProduct(tx, p.id, { title: 'Mug never' });
      expect(await titleOf(tx, p.id)).toBe('Mug never');
      throw new Error('roll back');
    }).catch(() => {});
    expect(await titleOf(shopper(), p.id)).toBe('Mug before');
  });

  it('invalidateProductCaches drops that product’s detail and related lists after commit, and leaves lists to their TTL', async () => {
    const a = await newProduct('Tagged A');
    const b = await newProduct('Tagged B');
    const other = await newProduct('Tagged other');
    const listQuery = ListProductsQuery.parse({ category: category.id, pageSize: '50' });
    await getProduct(shopper(), a.id);
    await getProduct(shopper(), other.id);
    await listRelatedProducts(shopper(), b.id);
    await listProducts(shopper(), listQuery);

    const cached = () =>
      t.countQueries(async () => {
        await getProduct(shopper(), a.id);
        await getProduct(shopper(), other.id);
        await listRelatedProducts(shopper(), b.id);
        await listProducts(shopper(), listQuery);
      });
    expect((await cached()).count).toBe(0);

    await withTx(shopper(), async (tx) => {
      await invalidateProductCaches(tx, [a.id]);
      // Not yet committed: nothing is dropped.
      expect((await cached()).count).toBe(0);
    });
    const after = await t.countQueries(async () => {
      await getProduct(shopper(), a.id);
      await listRelatedProducts(shopper(), b.id);
    });
    // A's detail is read again, and so is B's related list (it shows A).
    expect(after.count).toBeGreaterThan(0);
    const untouched = await t.countQueries(async () => {
      await getProduct(shopper(), other.id);
      await listProducts(shopper(), listQuery);
    });
    expect(untouched.count).toBe(0);
  });

  it('invalidateProductCaches in a rolled-back transaction drops nothing', async () => {
    const p = await newProduct('Rolled back tag');
    await getProduct(shopper(), p.id);
    await withTx(shopper(), async (tx) => {
      await invalidateProductCaches(tx, [p.id]);
      throw new Error('roll back');
    }).catch(() => {});
    expect((await t.countQueries(() => getProduct(shopper(), p.id))).count).toBe(0);
  });
});
