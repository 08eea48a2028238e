import path from 'node:path';
import type { Db } from '../store/database';
import type { ProcessResult } from './process-file';

export type RecordedStatus = 'ok' | 'duplicate' | 'no_image' | 'error';

interface Recorder {
  record(sourcePath: string, result: ProcessResult): RecordedStatus;
}

/**
 * Writes one image row per source file (upsert on dataset + path, so a re-run replaces rather than duplicates).
 * Content already imported anywhere in the project is linked as a duplicate of the first copy, not imported twice.
 */
export function createRecorder(db: Db, datasetId: number, projectId: number, importId: number): Recorder {
  const findOriginal = db.prepare(`
    SELECT i.id FROM images i JOIN datasets d ON d.id = i.dataset_id
    WHERE d.project_id = ? AND i.content_hash = ? AND i.status = 'ok' AND NOT (i.dataset_id = ? AND i.source_path = ?)
    ORDER BY i.id LIMIT 1`);
  const upsert = db.prepare(`
    INSERT INTO images (dataset_id, source_path, content_hash, status, error, duplicate_of, rows, cols, metadata_json, format,
      file_size, file_mtime_ms, patient_key, modality, view_position, sex, age_years, cache_path, thumb_path, import_id)
    VALUES (@dataset_id, @source_path, @content_hash, @status, @error, @duplicate_of, @rows, @cols, @metadata_json, @format,
      @file_size, @file_mtime_ms, @patient_key, @modality, @view_position, @sex, @age_years, @cache_path, @thumb_path, @import_id)
    ON CONFLICT (dataset_id, source_path) DO UPDATE SET
      content_hash = excluded.content_hash, status = excluded.status, error = excluded.error, duplicate_of = excluded.duplicate_of,
      rows = excluded.rows, cols = excluded.cols, metadata_json = excluded.metadata_json, format = excluded.format,
      file_size = excluded.file_size, file_mtime_ms = excluded.file_mtime_ms, patient_key = excluded.patient_key,
      modality = excluded.modality, view_position = excluded.view_position, sex = excluded.sex, age_years = excluded.age_years,
      cache_path = excluded.cache_path, thumb_path = excluded.thumb_path, import_id = excluded.import_id`);

  return {
    record(sourcePath, result) {
      const base = {
        dataset_id: datasetId,
        source_path: sourcePath,
        content_hash: result.hash ?? null,
        file_size: result.size ?? null,
        file_mtime_ms: result.mtimeMs ?? null,
        import_id: importId,
        duplicate_of: null as number | null,
        rows: null as number | null,
        cols: null as number | null,
        format: null as string | null,
        patient_key: null as string | null,
        modality: null as string | null,
        view_position: null as string | null,
        sex: null as string | null,
        age_years: null as number | null,
        cache_path: null as string | null,
        thumb_path: null as string | null,
        error: null as string | null,
        metadata_json: '{}',
      };
      if (result.kind === 'error') {
        upsert.run({ ...base, status: 'error', error: result.reason });
        return 'error';
      }
      const m = result.metadata ?? {};
      const described = {
        ...base,
        format: m.format ?? null,
        patient_key: m.patientKey ?? null,
        modality: m.modality ?? null,
        view_position: m.viewPosition ?? null,
        sex: m.sex ?? null,
        age_years: parseDicomAge(m.age),
      };
      if (result.kind === 'no_image') {
        upsert.run({ ...described, status: 'no_image', error: result.reason, metadata_json: JSON.stringify({ metadata: m }) });
        return 'no_image';
      }
      const original = findOriginal.get(projectId, result.hash, datasetId, sourcePath) as { id: number } | undefined;
      const status: RecordedStatus = original ? 'duplicate' : 'ok';
      upsert.run({
        ...described,
        status,
        duplicate_of: original?.id ?? null,
        rows: result.height,
        cols: result.width,
        cache_path: result.cachePath,
        thumb_path: result.thumbPath,
        metadata_json: JSON.stringify({
          metadata: m,
          fileName: path.basename(sourcePath),
          frameCount: result.frameCount,
          cacheMapping: result.cacheMapping,
          defaultWindow: result.defaultWindow,
          warnings: result.warnings,
        }),
      });
      return status;
    },
  };
}

/** DICOM Age String (AS): nnnD, nnnW, nnnM or nnnY; rasters may carry a bare number of years. */
export function parseDicomAge(age: string | undefined): number | null {
  if (!age) return null;
  const match = /^(\d{1,3})([DWMY]?)$/.exec(age.trim().toUpperCase());
  if (!match) return null;
  const n = Number(match[1]);
  const perYear: Record<string, number> = { D: 365.25, W: 52.1775, M: 12, Y: 1, '': 1 };
  return Number((n / perYear[match[2]!]!).toFixed(3));
}
