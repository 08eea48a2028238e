import fs from 'node:fs';
import type { HostTensor, SafetensorsFile } from './safetensors';

interface Entry {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data_offsets: readonly [number, number];
}

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function readExactly(fd: number, length: number, position: number, file: string): Buffer {
  const out = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, out, done, length - done, position + done);
    if (n === 0) throw new Error(`${file}: ends before byte ${position + length} (truncated safetensors file)`);
    done += n;
  }
  return out;
}

/**
 * The tensors `keep` selects from a safetensors file, read by position instead of loading the whole file: a
 * training checkpoint of ViT-T with ACE's 65536-way head is ~450 MB, its backbone ~22 MB.
 */
export function readSafetensorsSubset(file: string, keep: (name: string) => boolean): SafetensorsFile {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size < 8) throw new Error(`${file}: shorter than a safetensors length prefix`);
    const n = Number(readExactly(fd, 8, 0, file).readBigUInt64LE(0));
    if (8 + n > size) throw new Error(`${file}: safetensors header runs past the end of the file`);
    const header = JSON.parse(readExactly(fd, n, 8, file).toString('utf8')) as Record<string, unknown>;
    const tensors = new Map<string, HostTensor>();
    for (const [name, value] of Object.entries(header)) {
      if (name === '__metadata__' || !keep(name)) continue;
      const e = value as Entry;
      if (e.dtype !== 'F32') throw new Error(`${file}: "${name}" has dtype ${e.dtype}, only F32 is supported`);
      const [begin, end] = e.data_offsets;
      if (end - begin !== 4 * numel(e.shape) || 8 + n + end > size) throw new Error(`${file}: "${name}" has bad offsets`);
      const data = new Float32Array(numel(e.shape));
      const bytes = readExactly(fd, end - begin, 8 + n + begin, file);
      new Uint8Array(data.buffer).set(bytes);
      tensors.set(name, { shape: e.shape, data });
    }
    return { tensors, metadata: (header.__metadata__ as Record<string, string> | undefined) ?? {} };
  } finally {
    fs.closeSync(fd);
  }
}
