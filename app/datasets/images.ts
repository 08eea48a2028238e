import type { z } from 'zod';
import { ApiError } from '../api/errors';
import type { Facets, ImageDetail, ImageQuery, ImageSummary } from '../api/schemas/datasets';
import type { Db } from '../store/database';

type ImageFilter = z.output<typeof ImageQuery>;
type ImageStatus = ImageSummary['status'];

interface Row {
  id: number;
  dataset_id: number;
  source_path: string;
  status: ImageStatus;
  error: string | null;
  cols: number | null;
  rows: number | null;
  modality: string | null;
  view_position: string | null;
  sex: string | null;
  age_years: number | null;
  duplicate_of: number | null;
  thumb_path: string | null;
  content_hash: string | null;
  format: string | null;
  file_size: number | null;
  created_at: string;
  metadata_json: string;
}

const ORDER: Record<ImageFilter['sort'], string> = {
  path: 'source_path',
  imported: 'id',
  size: 'file_size',
  age: 'age_years',
};

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

function toSummary(r: Row): ImageSummary {
  return {
    id: r.id,
    sourcePath: r.source_path,
    fileName: baseName(r.source_path),
    status: r.status,
    error: r.error,
    width: r.cols,
    height: r.rows,
    modality: r.modality,
    view: r.view_position,
    sex: r.sex,
    ageYears: r.age_years,
    duplicateOf: r.duplicate_of,
    hasThumbnail: r.thumb_path !== null,
  };
}

function where(filter: Omit<ImageFilter, 'offset' | 'limit' | 'sort' | 'descending'>): { sql: string; params: unknown[] } {
  const clauses = ['dataset_id = ?'];
  const params: unknown[] = [filter.datasetId];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(value === '' ? `${column} IS NULL` : `${column} = ?`);
    if (value !== '') params.push(value);
  };
  eq('status', filter.status);
  eq('view_position', filter.view);
  eq('modality', filter.modality);
  eq('sex', filter.sex);
  if (filter.search) {
    clauses.push("source_path LIKE ? ESCAPE '\\'");
    params.push(`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { sql: clauses.join(' AND '), params };
}

/** One page of a dataset's images; the grid asks for pages as it scrolls, so 100,000 rows never travel at once. */
export function listImages(db: Db, filter: ImageFilter): { total: number; items: ImageSummary[] } {
  const w = where(filter);
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM images WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
  const order = `${ORDER[filter.sort]} ${filter.descending ? 'DESC' : 'ASC'} NULLS LAST, id`;
  const rows = db
    .prepare(`SELECT * FROM images WHERE ${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...w.params, filter.limit, filter.offset) as Row[];
  return { total, items: rows.map(toSummary) };
}

/** Value counts for the filter menus ("" stands for "not recorded"). */
export function imageFacets(db: Db, datasetId: number): Facets {
  const count = (column: string) =>
    Object.fromEntries(
      (db.prepare(`SELECT COALESCE(${column}, '') AS v, COUNT(*) AS n FROM images WHERE dataset_id = ? GROUP BY v ORDER BY n DESC`).all(datasetId) as {
        v: string;
        n: number;
      }[]).map((r) => [r.v, r.n]),
    );
  return { status: count('status'), view: count('view_position'), modality: count('modality'), sex: count('sex') };
}

export function getImage(db: Db, id: number): ImageDetail {
  const row = db.prepare('SELECT * FROM images WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new ApiError('not_found', `Image ${id} does not exist (its dataset may have been deleted).`);
  return {
    ...toSummary(row),
    datasetId: row.dataset_id,
    contentHash: row.content_hash,
    format: row.format,
    fileSize: row.file_size,
    createdAt: row.created_at,
    metadata: JSON.parse(row.metadata_json) as Record<string, unknown>,
  };
}

/** Cache and thumbnail locations (relative to the data folder) for serving pixels. */
export function imageFiles(db: Db, id: number): { cachePath: string | null; thumbPath: string | null; metadata: Record<string, unknown> } {
  const row = db.prepare('SELECT cache_path, thumb_path, metadata_json FROM images WHERE id = ?').get(id) as
    | { cache_path: string | null; thumb_path: string | null; metadata_json: string }
    | undefined;
  if (!row) throw new ApiError('not_found', `Image ${id} does not exist.`);
  return { cachePath: row.cache_path, thumbPath: row.thumb_path, metadata: JSON.parse(row.metadata_json) as Record<string, unknown> };
}
