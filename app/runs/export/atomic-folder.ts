import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../api/errors';
import { writeFileAtomic } from '../../ssl/checkpoint/atomic';

export interface FolderFile {
  /** Relative to the folder, '/'-separated. */
  readonly path: string;
  /** Streams the content to the open file (a backbone's weights need not become one buffer). */
  readonly write: (fd: number) => void;
}

export const bytesFile = (filePath: string, data: Uint8Array | string): FolderFile => ({
  path: filePath,
  write: (fd) => void fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data),
});

/**
 * Creates `out` with exactly `files`, all or nothing: everything is written and flushed into a hidden sibling folder
 * on the same file system, which is then renamed into place, so a reader never sees half an export. An existing empty
 * folder is replaced; a non-empty one only with `force` (moved aside first, removed once the new one is in place).
 */
export function writeFolderAtomic(out: string, files: readonly FolderFile[], force: boolean): void {
  if (fs.existsSync(out)) {
    if (!fs.statSync(out).isDirectory()) throw new ApiError('conflict', `${out} exists and is not a folder.`);
    if (!force && fs.readdirSync(out).length > 0) {
      throw new ApiError('conflict', `The output folder ${out} is not empty: choose a new or empty folder, or replace it (force / --force).`);
    }
  }
  const parent = path.dirname(out);
  fs.mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  const temp = path.join(parent, `.${path.basename(out)}.${tag}.tmp`);
  const aside = path.join(parent, `.${path.basename(out)}.${tag}.old`);
  try {
    for (const f of files) {
      const file = path.join(temp, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      writeFileAtomic(file, f.write);
    }
    const replacing = fs.existsSync(out);
    if (replacing) fs.renameSync(out, aside);
    try {
      fs.renameSync(temp, out);
    } catch (err) {
      if (replacing) fs.renameSync(aside, out);
      throw err;
    }
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
    fs.rmSync(aside, { recursive: true, force: true });
  }
}
