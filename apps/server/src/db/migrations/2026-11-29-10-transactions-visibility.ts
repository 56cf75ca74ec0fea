import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * PostgreSQL: vacuum `transactions` after every 100,000 inserted rows, whatever the table's size.
 *
 * The table only grows, so by default autovacuum visits it after 20 % growth (10,000,000 rows at
 * 50,000,000), and until then the visibility map does not know the new pages. A client's page
 * counts its transactions by the (client_id, booked_at) index; without the visibility map that
 * count fetches every heap page holding one of them, and a time-ordered feed spreads a large
 * client's rows over a page each: 100 ms for 40,000 transactions, seconds for a million.
 * With the map kept current the count stays index-only (5 ms for 40,000; bench/client360.ts).
 * An insert-only vacuum skips the pages it has already marked, so each pass costs the new pages.
 * SQLite has no such thing: nothing to do.
 */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  if (d.name !== 'postgres') return;
  await sql`alter table transactions set (autovacuum_vacuum_insert_threshold = 100000, autovacuum_vacuum_insert_scale_factor = 0)`.execute(
    db,
  );
}
