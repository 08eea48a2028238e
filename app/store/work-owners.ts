import type { Db } from './database';

/**
 * Long work recorded in the database (imports, pretraining runs) belongs to the process that drives it. That
 * process stamps its rows with its pid and, every HEARTBEAT_MS, the time; a process that opens the database
 * marks as interrupted only rows whose owner is gone: its pid no longer exists on this machine, or it has not
 * stamped them for STALE_MS (a pid reused after a crash; a frozen owner). Rows written before owners were
 * recorded have none and count as gone.
 */
export const HEARTBEAT_MS = 10_000;
export const STALE_MS = 60_000;

export type OwnedTable = 'runs' | 'imports';

interface OwnerRow {
  readonly id: number;
  readonly owner_pid: number | null;
  readonly owner_seen_ms: number | null;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerAlive(pid: number | null, seenMs: number | null, now = Date.now()): boolean {
  return pid !== null && seenMs !== null && now - seenMs <= STALE_MS && processExists(pid);
}

/** This process's stamp, now: the values of (owner_pid, owner_seen_ms), for rows it creates or claims. */
export const ownerStamp = (): [pid: number, seenMs: number] => [process.pid, Date.now()];

/** Stamps rows as this process's, now. */
export function claimRows(db: Db, table: OwnedTable, ids: readonly number[]): void {
  if (ids.length === 0) return;
  const stamp = db.prepare(`UPDATE ${table} SET owner_pid = ?, owner_seen_ms = ? WHERE id = ?`);
  const owner = ownerStamp();
  db.transaction(() => ids.forEach((id) => stamp.run(...owner, id)))();
}

/** Re-stamps `ids()` every HEARTBEAT_MS until the returned function is called; never keeps the process alive. */
export function startHeartbeat(db: Db, table: OwnedTable, ids: () => readonly number[]): () => void {
  claimRows(db, table, ids());
  const timer = setInterval(() => {
    if (db.open) claimRows(db, table, ids());
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Sets `to` on the rows in one of `active` statuses whose owner is gone; returns how many. */
export function markOrphaned(db: Db, table: OwnedTable, active: readonly string[], to: string): number {
  return db
    .transaction(() => {
      const rows = db.prepare(`SELECT id, owner_pid, owner_seen_ms FROM ${table} WHERE status IN (${active.map(() => '?').join(', ')})`).all(...active) as OwnerRow[];
      const orphans = rows.filter((r) => !ownerAlive(r.owner_pid, r.owner_seen_ms));
      const mark = db.prepare(`UPDATE ${table} SET status = ? WHERE id = ?`);
      for (const r of orphans) mark.run(to, r.id);
      return orphans.length;
    })
    .immediate();
}
