import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen in time: this migration must not import application code.

/**
 * The full-text index of cases (title, text, approved replies), one row per case, keyed by the
 * case's id. The tokens are written by the application (`db/search.ts`): CJK text as overlapping
 * bigrams plus unigrams, Latin words lower-cased. Existing cases are indexed right after this
 * migration by `prepareDatabase`, with the tokenizer of the running version.
 *
 * SQLite: an FTS5 table without a copy of the text (contentless, deletable rows): the cases table
 * already holds the text, so the index stays small. PostgreSQL: a tsvector per case with a GIN
 * index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema
      .createTable("case_search")
      .addColumn("case_id", "integer", (c) => c.primaryKey().references("cases.id").onDelete("cascade"))
      .addColumn("tokens", sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`CREATE INDEX case_search_tokens ON case_search USING gin (tokens)`.execute(db);
    return;
  }
  await sql`CREATE VIRTUAL TABLE case_search USING fts5(
    tokens,
    tokenize = 'unicode61',
    content = '',
    contentless_delete = 1
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS case_search`.execute(db);
}
