import { sniffEncoding } from './dicom/container';

export type FileKind = 'dicom' | 'png' | 'jpeg' | 'tiff' | 'unknown';

/**
 * What a file is, from its first bytes. DICOM is tested FIRST: the NEMA files (and many modality exports) carry a
 * TIFF header in their 128-byte preamble ("dual-personality" files), so a TIFF check first would misread them.
 */
export function sniffFormat(head: Uint8Array): FileKind {
  const at = (i: number, ...bytes: number[]) => bytes.every((b, k) => head[i + k] === b);
  if (at(128, 0x44, 0x49, 0x43, 0x4d) || at(0, 0x44, 0x49, 0x43, 0x4d)) return 'dicom';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a) || at(0, 0x49, 0x49, 0x2b, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2b)) return 'tiff';
  // No preamble and no "DICM": a dataset (or a file meta group) starting at byte 0.
  if (sniffEncoding(head, 0) !== undefined || (head[0] === 0x02 && head[1] === 0x00)) return 'dicom';
  return 'unknown';
}
