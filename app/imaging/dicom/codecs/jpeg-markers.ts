import { fail } from '../../errors';

/** What a JPEG frame header (SOFn) says, read by walking the marker segments up to the first scan. */
export interface JpegFrameHeader {
  /** SOF marker number: 0 baseline, 1 extended sequential, 2 progressive, 3 lossless, 9+ arithmetic. */
  readonly process: number;
  readonly precision: number;
  readonly width: number;
  readonly height: number;
  readonly components: number;
}

/**
 * Validates the marker structure (every segment length inside the buffer) before any decoder runs. The JS lossless
 * decoder loops forever on some truncated headers, so this check is what keeps a bad file from hanging the import.
 */
export function readJpegFrameHeader(data: Uint8Array): JpegFrameHeader {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) fail('JPEG codestream does not start with SOI (FFD8)');
  let at = 2;
  let header: JpegFrameHeader | undefined;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) fail(`JPEG codestream corrupt: expected a marker at byte ${at}`);
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = (data[at + 2]! << 8) | data[at + 3]!;
    if (length < 2 || at + 2 + length > data.length) fail(`JPEG codestream truncated: marker FF${hex2(marker)} at byte ${at} runs past the end`);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8) fail(`JPEG frame header at byte ${at} is too short`);
      header = {
        process: marker - 0xc0,
        precision: data[at + 4]!,
        height: (data[at + 5]! << 8) | data[at + 6]!,
        width: (data[at + 7]! << 8) | data[at + 8]!,
        components: data[at + 9]!,
      };
    }
    if (marker === 0xda) {
      if (!header) fail('JPEG codestream has a scan (SOS) before any frame header (SOF)');
      return header;
    }
    at += 2 + length;
  }
  fail('JPEG codestream truncated: no scan (SOS) found');
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}
