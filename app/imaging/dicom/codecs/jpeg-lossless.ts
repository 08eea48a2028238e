import { Decoder } from 'jpeg-lossless-decoder-js';
import { fail } from '../../errors';
import { readJpegFrameHeader } from './jpeg-markers';
import type { CodecOutput } from './wasm';

/** JPEG lossless (Process 14, any predictor) via jpeg-lossless-decoder-js; the marker walk runs first so truncated headers fail fast. */
export function decodeJpegLossless(data: Uint8Array): CodecOutput {
  const header = readJpegFrameHeader(data);
  const bytesPerSample = header.precision > 8 ? 2 : 1;
  let decoded: Uint8Array | Uint16Array;
  try {
    // The decoder reads from an ArrayBuffer; hand it an exact copy (new Uint8Array copies; Buffer#slice would not).
    const copy = new Uint8Array(data);
    decoded = new Decoder().decode(copy.buffer, 0, copy.byteLength, bytesPerSample);
  } catch (err) {
    fail(`JPEG lossless codestream could not be decoded: ${(err as Error).message}`);
  }
  const bytes = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  return {
    width: header.width,
    height: header.height,
    components: header.components,
    bitsPerSample: header.precision,
    signed: false,
    bytes,
  };
}
