import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Crash-safe replacement of `file`: write a temporary file in the same folder (rename is only atomic within
 * one file system), fsync it, rename it over the target, then fsync the folder so the rename itself is
 * durable. A reader sees either the old file or the complete new one, never a torn write. Unlike
 * app/util/atomic-file.ts (one in-memory buffer), the content is streamed to the descriptor: a checkpoint of
 * ViT-T with ACE's 65536-way head is ~0.5 GB.
 */
export function writeFileAtomic(file: string, write: (fd: number) => void): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    write(fd);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  syncDir(dir);
}

/** Folder fsync; Windows cannot open a folder for it, where the rename is already durable enough. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (err) {
    if (process.platform !== 'win32') throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
