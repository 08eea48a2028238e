/** How the pixel data of each supported transfer syntax is stored and which decoder opens it. */
export type PixelCodec =
  | 'native'
  | 'rle'
  | 'jpeg-8bit' // DCT, 8-bit samples: libjpeg-turbo (wasm)
  | 'jpeg-12bit' // DCT, 12-bit samples: our own decoder (libjpeg-turbo-8bit cannot)
  | 'jpeg-lossless'
  | 'jpeg-ls'
  | 'j2k'
  | 'htj2k';

export interface TransferSyntax {
  readonly uid: string;
  readonly name: string;
  readonly explicitVr: boolean;
  readonly bigEndian: boolean;
  readonly deflated: boolean;
  readonly codec: PixelCodec;
  readonly lossy: boolean;
}

const ts = (uid: string, name: string, codec: PixelCodec, lossy = false, more: Partial<TransferSyntax> = {}): TransferSyntax => ({
  uid,
  name,
  explicitVr: true,
  bigEndian: false,
  deflated: false,
  codec,
  lossy,
  ...more,
});

export const IMPLICIT_LE = '1.2.840.10008.1.2';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const EXPLICIT_BE = '1.2.840.10008.1.2.2';
export const DEFLATED_LE = '1.2.840.10008.1.2.1.99';

const TABLE: readonly TransferSyntax[] = [
  ts(IMPLICIT_LE, 'Implicit VR Little Endian', 'native', false, { explicitVr: false }),
  ts(EXPLICIT_LE, 'Explicit VR Little Endian', 'native'),
  ts(EXPLICIT_BE, 'Explicit VR Big Endian', 'native', false, { bigEndian: true }),
  ts(DEFLATED_LE, 'Deflated Explicit VR Little Endian', 'native', false, { deflated: true }),
  ts('1.2.840.10008.1.2.5', 'RLE Lossless', 'rle'),
  ts('1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', 'jpeg-8bit', true),
  ts('1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 & 4)', 'jpeg-12bit', true),
  ts('1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)', 'jpeg-lossless'),
  ts('1.2.840.10008.1.2.4.70', 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (SV1)', 'jpeg-lossless'),
  ts('1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', 'jpeg-ls'),
  ts('1.2.840.10008.1.2.4.81', 'JPEG-LS Near-Lossless', 'jpeg-ls', true),
  ts('1.2.840.10008.1.2.4.90', 'JPEG 2000 Lossless', 'j2k'),
  ts('1.2.840.10008.1.2.4.91', 'JPEG 2000', 'j2k', true),
  ts('1.2.840.10008.1.2.4.201', 'High-Throughput JPEG 2000 Lossless', 'htj2k'),
  ts('1.2.840.10008.1.2.4.202', 'High-Throughput JPEG 2000 with RPCL (Lossless)', 'htj2k'),
  ts('1.2.840.10008.1.2.4.203', 'High-Throughput JPEG 2000', 'htj2k', true),
];

const BY_UID = new Map(TABLE.map((t) => [t.uid, t]));

/** Known transfer syntaxes we do NOT decode, so the error names them instead of printing a bare UID. */
const UNSUPPORTED: Record<string, string> = {
  '1.2.840.10008.1.2.4.52': 'JPEG Extended (Process 3 & 5, arithmetic)',
  '1.2.840.10008.1.2.4.53': 'JPEG Spectral Selection (retired)',
  '1.2.840.10008.1.2.4.55': 'JPEG Full Progression (retired)',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component Lossless',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile',
  '1.2.840.10008.1.2.4.101': 'MPEG2 High Profile',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
};

export function lookupTransferSyntax(uid: string): TransferSyntax | undefined {
  return BY_UID.get(uid);
}

/** A human name for any UID, for error messages. */
export function transferSyntaxLabel(uid: string): string {
  const name = BY_UID.get(uid)?.name ?? UNSUPPORTED[uid];
  return name ? `${name} (${uid})` : `unknown transfer syntax ${uid}`;
}
