import { and, asc, eq, sql, type SQLWrapper } from 'drizzle-orm';
import { cartItems, carts } from '../../db/schema/cart.js';
import type { DbOrTx } from '../../platform/db.js';

export interface CartLineRow {
  id: string;
  variantId: string;
  quantity: number;
  addedUnitAmount: number;
}

/** Who a cart belongs to: a signed-in user, or the holder of a guest token (by its hash). */
export type CartOwner = { userId: string } | { tokenHash: string };

const ownerIs = (owner: CartOwner) =>
  'userId' in owner ? eq(carts.userId, owner.userId) : eq(carts.tokenHash, owner.tokenHash);

/**
 * The owner's cart and its lines (oldest first) in one query; null when there is no cart. With
 * `lock`, the cart row stays locked `for update` until the transaction ends.
 */
export async function findCartWithLines(db: DbOrTx, owner: CartOwner, { lock = false } = {}) {
  const query = db
    .select({
      cartId: carts.id,
      id: cartItems.id,
      variantId: cartItems.variantId,
      quantity: cartItems.quantity,
      addedUnitAmount: cartItems.addedUnitAmount,
    })
    .from(carts)
    .leftJoin(cartItems, eq(cartItems.cartId, carts.id))
    .where(ownerIs(owner))
    .orderBy(asc(cartItems.createdAt), asc(cartItems.id));
  const rows = lock ? await query.for('update', { of: carts }) : await query;
  if (rows.length === 0) return null;
  const lines: CartLineRow[] = [];
  for (const r of rows) {
    if (r.id && r.variantId && r.quantity !== null && r.addedUnitAmount !== null) {
      lines.push({
        id: r.id,
        variantId: r.variantId,
        quantity: r.quantity,
        addedUnitAmount: r.addedUnitAmount,
      });
    }
  }
  return { id: rows[0]!.cartId, lines };
}

/**
 * The user's cart, created when missing, locked for this transaction (an upsert that always
 * updates, so it returns the row and holds its lock in one statement).
 */
export async function lockUserCart(db: DbOrTx, userId: string): Promise<string> {
  const [row] = await db
    .insert(carts)
    .values({ userId })
    .onConflictDoUpdate({
      target: carts.userId,
      targetWhere: sql`${carts.userId} is not null`,
      set: { updatedAt: sql`now()` },
    })
    .returning({ id: carts.id });
  return row!.id;
}

/** The guest cart with this token hash, locked for this transaction, or null. */
export async function lockGuestCart(db: DbOrTx, tokenHash: string): Promise<string | null> {
  const [row] = await db
    .update(carts)
    .set({ updatedAt: sql`now()` })
    .where(eq(carts.tokenHash, tokenHash))
    .returning({ id: carts.id });
  return row?.id ?? null;
}

export async function insertGuestCart(db: DbOrTx, tokenHash: string): Promise<string> {
  const [row] = await db.insert(carts).values({ tokenHash }).returning({ id: carts.id });
  return row!.id;
}

/** The user's cart id locked `for update` (checkout), or null; never creates one. */
export async function lockExistingUserCart(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ id: carts.id }).from(carts).where(eq(carts.userId, userId)).for('update');
  return row?.id ?? null;
}

export async function findLine(db: DbOrTx, cartId: string, lineId: string) {
  const [row] = await db
    .select({ id: cartItems.id, variantId: cartItems.variantId, quantity: cartItems.quantity })
    .from(cartItems)
    .where(and(eq(cartItems.id, lineId), eq(cartItems.cartId, cartId)));
  return row ?? null;
}

/**
 * Adds units to the variant's line (creating it) only while the line stays within `stock`, and
 * answers the cart's lines after it (oldest first), in one statement; null when the units would
 * exceed the stock (nothing changed). The line's added price becomes `unitAmount`.
 */
export async function addUnits(
  db: DbOrTx,
  line: { cartId: string; variantId: string; quantity: number; unitAmount: number; stock: number },
): Promise<CartLineRow[] | null> {
  const upsert = db
    .insert(cartItems)
    .values({
      cartId: line.cartId,
      variantId: line.variantId,
      quantity: line.quantity,
      addedUnitAmount: line.unitAmount,
    })
    .onConflictDoUpdate({
      target: [cartItems.cartId, cartItems.variantId],
      set: {
        quantity: sql`${cartItems.quantity} + excluded.quantity`,
        addedUnitAmount: sql`excluded.added_unit_amount`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${cartItems.quantity} + excluded.quantity <= ${line.stock}`,
    })
    .returning();
  // The statement's snapshot does not see the upsert's row: the other lines come from the table,
  // the variant's from what the upsert returned.
  const result = (await db.execute(sql`
    with added as (${(upsert as unknown as SQLWrapper).getSQL()})
    select id, variant_id, quantity, added_unit_amount, created_at, false as is_added
      from cart_items where cart_id = ${line.cartId}::uuid and variant_id <> ${line.variantId}::uuid
    union all
    select id, variant_id, quantity, added_unit_amount, created_at, true from added
    order by created_at, id`)) as unknown as {
    rows: {
      id: string;
      variant_id: string;
      quantity: number;
      added_unit_amount: number;
      is_added: boolean;
    }[];
  };
  if (!result.rows.some((r) => r.is_added)) return null;
  return result.rows.map((r) => ({
    id: r.id,
    variantId: r.variant_id,
    quantity: Number(r.quantity),
    addedUnitAmount: Number(r.added_unit_amount),
  }));
}

export async function setLineQuantity(db: DbOrTx, cartId: string, lineId: string, quantity: number) {
  const rows = await db
    .update(cartItems)
    .set({ quantity, updatedAt: sql`now()` })
    .where(and(eq(cartItems.id, lineId), eq(cartItems.cartId, cartId)))
    .returning({ id: cartItems.id });
  return rows.length === 1;
}

export async function deleteLine(db: DbOrTx, cartId: string, lineId: string) {
  const rows = await db
    .delete(cartItems)
    .where(and(eq(cartItems.id, lineId), eq(cartItems.cartId, cartId)))
    .returning({ id: cartItems.id });
  return rows.length === 1;
}

export async function deleteLines(db: DbOrTx, cartId: string) {
  await db.delete(cartItems).where(eq(cartItems.cartId, cartId));
}

export async function selectLines(db: DbOrTx, cartId: string): Promise<CartLineRow[]> {
  return db
    .select({
      id: cartItems.id,
      variantId: cartItems.variantId,
      quantity: cartItems.quantity,
      addedUnitAmount: cartItems.addedUnitAmount,
    })
    .from(cartItems)
    .where(eq(cartItems.cartId, cartId))
    .orderBy(asc(cartItems.createdAt), asc(cartItems.id));
}

/**
 * Adds lines to a cart in one statement: a new variant gets its line, an existing one gets the
 * units added, each capped at its `cap` (the stock). The sum happens in the upsert, so units
 * added to the target meanwhile are kept, not overwritten.
 */
export async function mergeLines(
  db: DbOrTx,
  cartId: string,
  lines: readonly { variantId: string; quantity: number; unitAmount: number; cap: number }[],
) {
  if (lines.length === 0) return;
  const capOf = sql.join(
    lines.map((l) => sql`when ${l.variantId}::uuid then ${l.cap}::int`),
    sql` `,
  );
  await db
    .insert(cartItems)
    .values(
      lines.map((l) => ({
        cartId,
        variantId: l.variantId,
        quantity: Math.min(l.quantity, l.cap),
        addedUnitAmount: l.unitAmount,
      })),
    )
    .onConflictDoUpdate({
      target: [cartItems.cartId, cartItems.variantId],
      set: {
        quantity: sql`greatest(least(${cartItems.quantity} + excluded.quantity,
                       case excluded.variant_id ${capOf} end), ${cartItems.quantity})`,
        updatedAt: sql`now()`,
      },
    });
}

export async function deleteCart(db: DbOrTx, cartId: string) {
  await db.delete(carts).where(eq(carts.id, cartId));
}
