import type { ImportRecord } from '../api/schemas/datasets';
import type { Db } from '../store/database';

interface Row {
  id: number;
  dataset_id: number;
  sources_json: string;
  status: ImportRecord['status'];
  found: number;
  imported: number;
  duplicates: number;
  no_image: number;
  failed: number;
  skipped: number;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export function listImports(db: Db, datasetId: number): ImportRecord[] {
  return (db.prepare('SELECT * FROM imports WHERE dataset_id = ? ORDER BY id DESC').all(datasetId) as Row[]).map((r) => ({
    id: r.id,
    datasetId: r.dataset_id,
    sources: JSON.parse(r.sources_json) as string[],
    status: r.status,
    found: r.found,
    imported: r.imported,
    duplicates: r.duplicates,
    noImage: r.no_image,
    failed: r.failed,
    skipped: r.skipped,
    error: r.error,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }));
}
