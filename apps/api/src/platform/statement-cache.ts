import pg from 'pg';

/** How many distinct statement texts get a name (so at most this many per connection). */
export const MAX_NAMED_STATEMENTS = 200;
/** A text is named from its this-many-th sending on: one-off texts stay unnamed. */
export const NAME_AFTER_SENDS = 3;
/** Bound on the texts counted but not named yet; past it the counts start again. */
const MAX_COUNTED = 2_000;

/**
 * Texts whose best plan depends on the values sent: full-text search (`tsquery`: one word matches
 * ten products, another half the catalogue) and trigram similarity. A named statement may get
 * PostgreSQL's generic plan after five executions, planned without the values; on the 100k
 * catalogue that halved the throughput of a misspelt search (75 against 150 req/s, same moment,
 * 2026-12-05). These stay unnamed, so each is planned with its values, as before. (A ` % `
 * meaning modulo is caught too: it then only misses the saving.)
 */
export const PLANS_BY_VALUE = /tsquery|similarity|\s<?%>?\s/i;

/**
 * Which statement texts PostgreSQL should keep parsed: the ones sent often. A named (prepared)
 * statement is parsed, analysed and rewritten once per connection (node-postgres remembers which
 * names each connection has parsed), then each sending is only Bind and Execute, and PostgreSQL
 * may reuse its plan. The hot paths (the session check, cart and order statements, pg-boss's job
 * insert) are fixed texts, so they are named after a few sendings.
 *
 * Bounded on purpose: texts built per call (an IN list per number of ids, a search's filters) are
 * distinct statements, and a prepared statement lives as long as its connection. At most
 * {@link MAX_NAMED_STATEMENTS} texts are ever named; later ones are sent unnamed, as before.
 * Only statements with parameters are named: a parameterless text may hold several statements
 * (migrations, pg-boss's schema), which only the simple protocol runs. Nor are those whose plan
 * depends on their values ({@link PLANS_BY_VALUE}).
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly sends = new Map<string, number>();

  /** The name to send `text` under, or undefined to send it unnamed. */
  nameFor(text: string): string | undefined {
    const named = this.names.get(text);
    if (named !== undefined || this.names.size >= MAX_NAMED_STATEMENTS) return named;
    if (PLANS_BY_VALUE.test(text)) return undefined;
    const sends = (this.sends.get(text) ?? 0) + 1;
    if (sends < NAME_AFTER_SENDS) {
      if (this.sends.size >= MAX_COUNTED) this.sends.clear();
      this.sends.set(text, sends);
      return undefined;
    }
    this.sends.delete(text);
    const name = `soko_${this.names.size}`;
    this.names.set(text, name);
    return name;
  }

  get size() {
    return this.names.size;
  }
}

type QueryConfig = { text?: unknown; name?: unknown; values?: unknown; submit?: unknown };

/**
 * A node-postgres `Client` class for `new pg.Pool({ Client })` that sends the often-repeated
 * parameterised statements of every pool client (Drizzle's and pg-boss's alike) as named ones.
 */
export function preparingClient(names: StatementNames): typeof pg.Client {
  return class PreparingClient extends pg.Client {
    // node-postgres's overloads are many; this only adds a name to the two shapes with parameters.
    override query(config: unknown, values?: unknown, callback?: unknown): never {
      const query = (super.query as (...args: unknown[]) => never).bind(this);
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
        const name = names.nameFor(config);
        if (name) return query({ name, text: config }, values, callback);
      } else if (config !== null && typeof config === 'object') {
        const c = config as QueryConfig;
        const params = Array.isArray(values) ? values : c.values;
        if (
          typeof c.submit !== 'function' &&
          typeof c.text === 'string' &&
          c.name === undefined &&
          Array.isArray(params) &&
          params.length > 0
        ) {
          const name = names.nameFor(c.text);
          if (name) return query({ ...c, name }, values, callback);
        }
      }
      return query(config, values, callback);
    }
  };
}
