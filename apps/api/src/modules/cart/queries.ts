import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { cartItems, carts } from '../../db/schema/cart.js';
import { type DbOrTx } from '../../platform/db.js';
import { rowsOf } from '../../platform/statements.js';

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

/** The owner's cart and its lines (oldest first) in one query; null when there is no cart. */
export async function findCartWithLines(db: DbOrTx, owner: CartOwner) {
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
  const rows = await query;
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
 * The user's cart for checkout in one statement: the cart row locked `for update` (until the
 * transaction ends), its lines (oldest first) with their variants (`variantsOf`, the catalogue's
 * select); lines whose variant is gone are left out. null: no cart.
 *
 * With `take`, the same statement deletes the lines it answers (placing an order; a refusal later
 * in the transaction rolls the delete back). Deleting is also what makes two placements of one
 * cart safe: a plain read answers the lines of the statement's snapshot, taken before it waited for
 * the cart's lock, so a second placement would see the lines the first had just ordered (issue 18:
 * 5 orders from one cart). A delete skips rows a committed transaction deleted meanwhile.
 */
export async function findCheckoutCart<R extends { variant_id: string }>(
  db: DbOrTx,
  userId: string,
  variantsOf: (ids: SQL) => SQL,
  { take }: { take: boolean },
): Promise<{ id: string; lines: (CartLineRow & { variant: R })[] } | null> {
  const lines = take
    ? sql`delete from cart_items where cart_id = (select id from cart)
          returning id, variant_id, quantity, added_unit_amount, created_at`
    : sql`select id, variant_id, quantity, added_unit_amount, created_at from cart_items
           where cart_id = (select id from cart)`;
  const rows = await rowsOf<LineRow<R> & { cart_id: string }>(
    db,
    sql`with cart as (select id from carts where user_id = ${userId}::uuid for update),
        lines as (${lines}),
        shown as (${variantsOf(sql`select variant_id from lines`)})
        select cart.id as cart_id, l.id as line_id, l.quantity as line_quantity,
               l.added_unit_amount as line_unit_amount, to_jsonb(s) as line_variant
          from cart
          left join (lines l join shown s on s.variant_id = l.variant_id) on true
         order by l.created_at, l.id`,
  );
  if (rows.length === 0) return null;
  return { id: rows[0]!.cart_id, lines: rows.flatMap(lineOf) };
}

/** A result row's line and its variant (`to_jsonb` of the catalogue's row); all null for none. */
interface LineRow<R> {
  line_id: string | null;
  line_quantity: number | null;
  line_unit_amount: number | null;
  line_variant: R | null;
}

function lineOf<R extends { variant_id: string }>(r: LineRow<R>): (CartLineRow & { variant: R })[] {
  if (!r.line_id || !r.line_variant) return [];
  return [
    {
      id: r.line_id,
      variantId: r.line_variant.variant_id,
      quantity: Number(r.line_quantity),
      addedUnitAmount: Number(r.line_unit_amount),
      variant: r.line_variant,
    },
  ];
}

/** Where an added line goes: the user's account cart, or a guest's (by token hash). */
export type CartTarget =
  | { userId: string }
  /** The guest cart of `tokenHash` (when the caller sent a token); none: a new one for `newTokenHash`. */
  | { tokenHash: string | null; newTokenHash: string };

/**
 * What {@link addLine} did: the asked-for variant's row as read (null: no variant has that id),
 * and the cart after it (null: nothing added). `R` is a row of the catalogue's select.
 */
export interface AddedLine<R> {
  variant: R | null;
  cart: { id: string; isNew: boolean; lines: (CartLineRow & { variant: R })[] } | null;
}

/**
 * Adds units of a variant to a cart in one statement (no transaction needed): reads the variant
 * (through `variantsOf`, the catalogue's select), and only when it is buyable and the line stays
 * within its stock, locks the cart (the account cart is created on first write; a guest token that
 * matches no cart gets a new cart), upserts the line (the stock condition again, on the line as it
 * is now, so two additions at once cannot together pass the stock), and answers the cart's lines
 * with their variants, oldest first.
 *
 * A refused addition writes nothing, except when another addition to the same line raced it past
 * the first check: then the cart's `updated_at` moved (or an empty guest cart was made, never
 * answered). The other lines are as of the statement's start: a line a concurrent order removed
 * while this waited for the cart's lock may still be answered (the next read shows it gone).
 */
export async function addLine<R extends { variant_id: string }>(
  db: DbOrTx,
  target: CartTarget,
  line: { variantId: string; quantity: number },
  variantsOf: (ids: SQL) => SQL,
): Promise<AddedLine<R>> {
  const vid = sql`${line.variantId}::uuid`;
  const isAccount = 'userId' in target;
  const owner = isAccount
    ? sql`c.user_id = ${target.userId}::uuid`
    : sql`c.token_hash = ${target.tokenHash}::text`;
  const cart = isAccount
    ? sql`cart as (
          insert into carts (user_id) select ${target.userId}::uuid from ok
          on conflict (user_id) where user_id is not null do update set updated_at = now()
          returning id, false as is_new)`
    : sql`found as (
          update carts c set updated_at = now() where ${owner} and exists (select 1 from ok) returning id),
        made as (
          insert into carts (token_hash) select ${target.newTokenHash}::text from ok
           where not exists (select 1 from found) returning id),
        cart as (select id, false as is_new from found union all select id, true from made)`;
  const rows = await rowsOf<LineRow<R> & { asked: R | null; cart_id: string | null; is_new: boolean | null }>(
    db,
    sql`with asked as (${variantsOf(vid)}),
        held as (
          select ci.quantity from cart_items ci join carts c on c.id = ci.cart_id
           where ${owner} and ci.variant_id = ${vid}),
        ok as (
          select variant_id, price, stock from asked
           where is_buyable and stock >= ${line.quantity}::int + coalesce((select quantity from held), 0)),
        ${cart},
        added as (
          insert into cart_items (cart_id, variant_id, quantity, added_unit_amount)
          select cart.id, ok.variant_id, ${line.quantity}::int, ok.price from cart, ok
          on conflict (cart_id, variant_id) do update
            set quantity = cart_items.quantity + excluded.quantity,
                added_unit_amount = excluded.added_unit_amount, updated_at = now()
            where cart_items.quantity + excluded.quantity <= (select stock from ok)
          returning id, variant_id, quantity, added_unit_amount, created_at),
        lines as (
          select id, variant_id, quantity, added_unit_amount, created_at from cart_items
           where cart_id = (select id from cart) and variant_id <> ${vid} and exists (select 1 from added)
          union all
          select id, variant_id, quantity, added_unit_amount, created_at from added),
        others as (${variantsOf(sql`select variant_id from lines where variant_id <> ${vid}`)}),
        shown as (select * from asked union all select * from others)
        select to_jsonb(asked) as asked, cart.id as cart_id, cart.is_new,
               l.id as line_id, l.quantity as line_quantity, l.added_unit_amount as line_unit_amount,
               to_jsonb(s) as line_variant
          from (select 1) one
          left join asked on true
          left join cart on true
          left join (lines l join shown s on s.variant_id = l.variant_id) on true
         order by l.created_at, l.id`,
  );
  const first = rows[0];
  const variant = first?.asked ?? null;
  if (!first?.cart_id || !first.line_id) return { variant, cart: null };
  return {
    variant,
    cart: {
      id: first.cart_id,
      isNew: first.is_new === true,
      lines: rows.flatMap(lineOf),
    },
  };
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
