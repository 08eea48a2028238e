import type { Db } from '../store/database';

/**
 * Runs fn in one write transaction. IMMEDIATE takes the write lock up front, so a concurrent writer is reported at
 * the start rather than half way; inside an existing transaction (e.g. project creation adding its default template)
 * better-sqlite3 nests it as a savepoint, so the caller's transaction stays the one unit of work.
 */
export function writeTx<T>(db: Db, fn: () => T): T {
  const run = db.transaction(fn);
  return db.inTransaction ? run() : run.immediate();
}
