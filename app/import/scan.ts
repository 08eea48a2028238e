import fs from 'node:fs/promises';
import path from 'node:path';
import { sniffFormat } from '../imaging';

export interface ScanResult {
  readonly files: string[];
  /** Files looked at and recognised as neither DICOM nor a raster image (reports, CSVs, …): listed, never imported. */
  readonly ignored: string[];
  /** Paths given by the user that do not exist or cannot be read. */
  readonly missing: { path: string; reason: string }[];
}

const HEAD_BYTES = 136;

/** Named like an image: imported even when its first bytes are unrecognisable, so the failure is recorded, not hidden. */
const IMAGE_EXTENSIONS = new Set(['.dcm', '.dicom', '.dic', '.ima', '.png', '.jpg', '.jpeg', '.tif', '.tiff']);

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Expands folders recursively (sorted, so imports are reproducible) and keeps the files whose first bytes say
 * DICOM, PNG, JPEG or TIFF — DICOM files often have no extension at all, so names alone cannot decide.
 */
export async function scanSources(paths: readonly string[], signal: AbortSignal, onFound: (n: number) => void): Promise<ScanResult> {
  const result: ScanResult = { files: [], ignored: [], missing: [] };
  const visitFile = async (file: string) => {
    let head: Uint8Array;
    try {
      head = await readHead(file);
    } catch (err) {
      result.missing.push({ path: file, reason: (err as Error).message });
      return;
    }
    const looksLikeImage = IMAGE_EXTENSIONS.has(path.extname(file).toLowerCase());
    if (looksLikeImage || (head.length > 0 && sniffFormat(head) !== 'unknown')) result.files.push(file);
    else result.ignored.push(file);
    if ((result.files.length + result.ignored.length) % 500 === 0) onFound(result.files.length);
  };
  const visit = async (p: string): Promise<void> => {
    if (signal.aborted) return;
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (err) {
      result.missing.push({ path: p, reason: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (err as Error).message });
      return;
    }
    if (stat.isFile()) return visitFile(p);
    if (!stat.isDirectory()) return;
    const entries = (await fs.readdir(p, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = path.join(p, entry.name);
      if (entry.isDirectory()) await visit(child);
      else if (entry.isFile()) await visitFile(child);
    }
  };
  for (const p of paths) await visit(path.resolve(p));
  onFound(result.files.length);
  return result;
}
