import fs from 'node:fs';

/**
 * The safetensors container (huggingface/safetensors): u64-LE header length N, N bytes of JSON
 * {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__: {string: string}}, then the raw little-endian
 * tensor bytes, offsets relative to the end of the header. Readable by `safetensors.torch.load_file`. Only F32
 * is used: every training tensor is float32. The header is space-padded to 8 bytes so views are aligned.
 */
export interface HostTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * A tensor whose values are made only when it is written, so that a writer holds one tensor's values at a
 * time (a checkpoint's host copies of every weight and moment at once were ~0.5 GB for ACE).
 */
export interface PendingTensor {
  readonly shape: readonly number[];
  readonly values: () => Float32Array;
}

type Writable = HostTensor | PendingTensor;

interface HeaderEntry {
  readonly dtype: 'F32';
  readonly shape: readonly number[];
  readonly data_offsets: readonly [number, number];
}

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The values to write for t (a pending tensor's are made now); they must fill its shape exactly. */
function valuesOf(name: string, t: Writable): Float32Array {
  const data = 'data' in t ? t.data : t.values();
  if (data.length !== numel(t.shape)) throw new Error(`"${name}": ${data.length} values for shape [${t.shape}]`);
  return data;
}

function header(tensors: ReadonlyMap<string, Writable>, metadata: Readonly<Record<string, string>>): Buffer {
  const entries: Record<string, HeaderEntry | Record<string, string>> = { __metadata__: { ...metadata } };
  let offset = 0;
  for (const [name, t] of tensors) {
    const bytes = 4 * numel(t.shape);
    entries[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(entries), 'utf8');
  const padded = Buffer.alloc(Math.ceil(json.length / 8) * 8, 0x20);
  json.copy(padded);
  const out = Buffer.alloc(8 + padded.length);
  out.writeBigUInt64LE(BigInt(padded.length), 0);
  padded.copy(out, 8);
  return out;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
if (!littleEndian) throw new Error('safetensors I/O assumes a little-endian host');

/**
 * Streams the file to an open descriptor tensor by tensor, so a 500 MB checkpoint is never one buffer; pending
 * tensors' values are made one at a time as they are written.
 */
export function writeSafetensors(fd: number, tensors: ReadonlyMap<string, Writable>, metadata: Readonly<Record<string, string>> = {}): void {
  fs.writeSync(fd, header(tensors, metadata));
  for (const [name, t] of tensors) {
    const data = valuesOf(name, t);
    fs.writeSync(fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
}

export interface SafetensorsFile {
  readonly tensors: Map<string, HostTensor>;
  readonly metadata: Record<string, string>;
}

export function parseSafetensors(bytes: Buffer): SafetensorsFile {
  if (bytes.length < 8) throw new Error('safetensors: file shorter than its length prefix');
  const n = Number(bytes.readBigUInt64LE(0));
  if (8 + n > bytes.length) throw new Error('safetensors: header runs past the end of the file');
  const parsed = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, unknown>;
  const start = 8 + n;
  const tensors = new Map<string, HostTensor>();
  for (const [name, value] of Object.entries(parsed)) {
    if (name === '__metadata__') continue;
    const e = value as HeaderEntry;
    if (e.dtype !== 'F32') throw new Error(`safetensors: "${name}" has dtype ${e.dtype}, only F32 is supported`);
    const [b, end] = e.data_offsets;
    if (end - b !== 4 * numel(e.shape) || start + end > bytes.length) throw new Error(`safetensors: "${name}" has bad offsets`);
    // Copy out: the file buffer's alignment is not guaranteed and callers keep tensors beyond its life.
    const data = new Float32Array(numel(e.shape));
    new Uint8Array(data.buffer).set(bytes.subarray(start + b, start + end));
    tensors.set(name, { shape: e.shape, data });
  }
  return { tensors, metadata: (parsed.__metadata__ as Record<string, string> | undefined) ?? {} };
}
