import type { Db } from '../store/database';

export interface EventEntry {
  readonly kind: string;
  readonly projectId: number | null;
  readonly message: string;
  readonly payload?: unknown;
}

/** An append-only audit trail; callers write it inside the same transaction as the change it records. */
export function logEvent(db: Db, event: EventEntry): void {
  db.prepare('INSERT INTO events (kind, project_id, message, payload_json) VALUES (?, ?, ?, ?)').run(
    event.kind,
    event.projectId,
    event.message,
    JSON.stringify(event.payload ?? {}),
  );
}
