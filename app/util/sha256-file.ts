import { createHash } from 'node:crypto';
import fs from 'node:fs';

const CHUNK = 8 * 2 ** 20;

/** SHA-256 of a file read in chunks: checkpoints are hundreds of MB and must not become one buffer. */
export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(CHUNK);
  const fd = fs.openSync(file, 'r');
  try {
    for (let n = fs.readSync(fd, buffer, 0, CHUNK, null); n > 0; n = fs.readSync(fd, buffer, 0, CHUNK, null)) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}
