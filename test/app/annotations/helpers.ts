import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { ApiError } from '../../../app/api/errors';
import type { InputOf, OperationName, OutputOf } from '../../../app/api/contract';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../../app/runtime';
import { useTempDir } from '../../helpers/temp-dir';

/** Runtimes through the dispatcher, as the UI and CLI use them, closed after each test. */
export function useRuntimes(prefix = 'cxr-annotations-') {
  const tempDir = useTempDir(prefix);
  const runtimes: Runtime[] = [];
  afterEach(async () => {
    for (const r of runtimes.splice(0)) await r.close();
  });
  const start = (options: Partial<RuntimeOptions> = {}): { runtime: Runtime; dir: string; databasePath: string } => {
    const dir = tempDir();
    const databasePath = path.join(dir, 'studio.sqlite');
    const runtime = createRuntime({ databasePath, host: 'cli', importWorkers: 1, ...options });
    runtimes.push(runtime);
    return { runtime, dir, databasePath };
  };
  return { start, tempDir, runtimes };
}

export function caller(runtime: Runtime) {
  return async function call<K extends OperationName>(op: K, input: InputOf<K>): Promise<OutputOf<K>> {
    return (await runtime.dispatcher.call(op, input, { signal: new AbortController().signal, progress: () => {} })) as OutputOf<K>;
  };
}

export async function expectApiError(promise: Promise<unknown>, code: string, message?: RegExp): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code, (err as ApiError).message).toBe(code);
    if (message) expect((err as ApiError).message).toMatch(message);
    return err as ApiError;
  }
  throw new Error(`expected an ApiError ${code}`);
}

export interface FakeImage {
  path: string;
  width: number;
  height: number;
}

/**
 * Image rows as an import would record them (status ok, original size), without decoding files: annotation code
 * only needs ids, paths and sizes, and this keeps the tests fast.
 */
export function addImages(runtime: Runtime, datasetId: number, images: readonly FakeImage[]): Map<string, number> {
  const insert = runtime.store.db.prepare("INSERT INTO images (dataset_id, source_path, status, rows, cols) VALUES (?, ?, 'ok', ?, ?)");
  const ids = new Map<string, number>();
  for (const img of images) ids.set(img.path, Number(insert.run(datasetId, img.path, img.height, img.width).lastInsertRowid));
  return ids;
}
