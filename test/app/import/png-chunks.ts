import zlib from 'node:zlib';

/** PNG files edited chunk by chunk, to build the variants the plain-PNG fast path must accept or refuse. */
export function chunk(type: string, data: Uint8Array = new Uint8Array(0)): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function chunksOf(png: Buffer): { type: string; bytes: Buffer }[] {
  const out: { type: string; bytes: Buffer }[] = [];
  for (let o = 8; o < png.length; ) {
    const end = o + 12 + png.readUInt32BE(o);
    out.push({ type: png.toString('latin1', o + 4, o + 8), bytes: png.subarray(o, end) });
    o = end;
  }
  return out;
}

/** The same file with `extra` placed right after the chunk of type `after`. */
export function insertAfter(png: Buffer, after: string, extra: Buffer): Buffer {
  const parts = [png.subarray(0, 8)];
  for (const c of chunksOf(png)) {
    parts.push(c.bytes);
    if (c.type === after) parts.push(extra);
  }
  return Buffer.concat(parts);
}
