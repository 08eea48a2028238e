import { fail } from '../errors';
import { EXPLICIT_BE, EXPLICIT_LE, IMPLICIT_LE } from './transfer-syntax';

/**
 * Where the dataset starts and how it is encoded, read WITHOUT dicom-parser: dicom-parser insists on the 128-byte
 * preamble and a complete file meta, while real archives also hold files with no preamble, no meta, or a meta that
 * lacks the Transfer Syntax UID. For those we sniff the first element of the dataset.
 */
export interface Container {
  readonly transferSyntaxUid: string;
  /** Byte offset of the first dataset element (after preamble, "DICM" and file meta). */
  readonly datasetOffset: number;
  readonly hasPreamble: boolean;
  readonly hasFileMeta: boolean;
  readonly warnings: readonly string[];
}

/** Long-form VRs: 2 reserved bytes then a 32-bit length (PS3.5 §7.1.2). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const ALL_VRS = new Set([
  ...LONG_VRS,
  ...['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'PN', 'SH', 'SL', 'SS', 'ST', 'TM', 'UI', 'UL', 'US'],
]);

export function isVr(bytes: Uint8Array, at: number): boolean {
  return at + 2 <= bytes.length && ALL_VRS.has(String.fromCharCode(bytes[at]!, bytes[at + 1]!));
}

const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32le = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

function hasMagic(bytes: Uint8Array, at: number): boolean {
  return bytes.length >= at + 4 && bytes[at] === 0x44 && bytes[at + 1] === 0x49 && bytes[at + 2] === 0x43 && bytes[at + 3] === 0x4d;
}

/** True when a file meta group (0002,xxxx) starts at `at`. */
function startsFileMeta(bytes: Uint8Array, at: number): boolean {
  return bytes.length >= at + 8 && u16le(bytes, at) === 0x0002;
}

export function readContainer(bytes: Uint8Array): Container {
  const warnings: string[] = [];
  let offset: number;
  let hasPreamble = false;
  if (hasMagic(bytes, 128)) {
    offset = 132;
    hasPreamble = true;
  } else if (hasMagic(bytes, 0)) {
    offset = 4;
    warnings.push('no 128-byte preamble ("DICM" at byte 0)');
  } else {
    offset = 0;
    warnings.push('no 128-byte preamble and no "DICM" prefix');
  }

  let metaUid: string | undefined;
  const hasFileMeta = startsFileMeta(bytes, offset);
  if (hasFileMeta) {
    const meta = readFileMeta(bytes, offset);
    offset = meta.end;
    metaUid = meta.transferSyntaxUid;
    if (!metaUid) warnings.push('file meta has no Transfer Syntax UID (0002,0010)');
  } else if (hasPreamble) {
    warnings.push('no file meta after "DICM"');
  }

  if (offset >= bytes.length) fail(hasFileMeta ? 'file meta only: the dataset is empty' : 'file is empty');
  const sniffed = sniffEncoding(bytes, offset);
  if (!metaUid) {
    if (!sniffed) fail(`not a DICOM dataset: no "DICM" prefix${hasFileMeta ? '' : ', no file meta'}, and byte ${offset} does not start a DICOM element`);
    warnings.push(`transfer syntax inferred from the dataset: ${sniffed}`);
    return { transferSyntaxUid: sniffed, datasetOffset: offset, hasPreamble, hasFileMeta, warnings };
  }
  // A meta that contradicts the bytes (e.g. says explicit while elements carry no VR) would make dicom-parser read garbage.
  // Only the uncompressed syntaxes are corrected this way; encapsulated data is always explicit VR little endian anyway.
  if (sniffed && sniffed !== metaUid && (metaUid === IMPLICIT_LE || metaUid === EXPLICIT_LE || metaUid === EXPLICIT_BE)) {
    warnings.push(`file meta says ${metaUid} but the dataset is encoded as ${sniffed}; using ${sniffed}`);
    return { transferSyntaxUid: sniffed, datasetOffset: offset, hasPreamble, hasFileMeta, warnings };
  }
  return { transferSyntaxUid: metaUid, datasetOffset: offset, hasPreamble, hasFileMeta, warnings };
}

/** Walks group 0002 (always explicit VR little endian, PS3.10 §7.1); stops at the first element of another group. */
function readFileMeta(bytes: Uint8Array, start: number): { end: number; transferSyntaxUid?: string } {
  let at = start;
  let transferSyntaxUid: string | undefined;
  while (at + 8 <= bytes.length && u16le(bytes, at) === 0x0002) {
    const element = u16le(bytes, at + 2);
    let length: number;
    let valueAt: number;
    if (isVr(bytes, at + 4)) {
      const vr = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!);
      if (LONG_VRS.has(vr)) {
        if (at + 12 > bytes.length) fail(`file meta truncated at byte ${at}`);
        length = u32le(bytes, at + 8);
        valueAt = at + 12;
      } else {
        length = u16le(bytes, at + 6);
        valueAt = at + 8;
      }
    } else {
      // Some writers put the meta in implicit VR; tolerate it, the layout is then tag + 32-bit length.
      length = u32le(bytes, at + 4);
      valueAt = at + 8;
    }
    if (length === 0xffffffff || valueAt + length > bytes.length) {
      fail(`file meta element (0002,${hex4(element)}) at byte ${at} has an impossible length ${length}`);
    }
    if (element === 0x0010) transferSyntaxUid = readUid(bytes, valueAt, length) || undefined;
    at = valueAt + length;
  }
  return transferSyntaxUid === undefined ? { end: at } : { end: at, transferSyntaxUid };
}

function readUid(bytes: Uint8Array, at: number, length: number): string {
  let s = '';
  for (let i = at; i < at + length; i++) s += String.fromCharCode(bytes[i]!);
  return s.replace(/[\0 ]+$/g, '').trim();
}

/**
 * Guesses the encoding from the first element: a valid VR at bytes 4–5 means explicit VR; the tag's group read both
 * ways tells the byte order (a real first group is small, e.g. 0x0008, so its byte-swapped twin is the larger number).
 * Deflated data is not recognisable this way and needs its meta. Returns undefined when nothing looks like an element.
 */
export function sniffEncoding(bytes: Uint8Array, at: number): string | undefined {
  if (at + 8 > bytes.length) return undefined;
  const groupLe = u16le(bytes, at);
  const groupBe = (bytes[at]! << 8) | bytes[at + 1]!;
  const bigEndian = groupBe < groupLe;
  const group = bigEndian ? groupBe : groupLe;
  if (group === 0 || group > 0x7fe0) return undefined; // no dataset starts with the command group or item tags
  if (isVr(bytes, at + 4)) return bigEndian ? EXPLICIT_BE : EXPLICIT_LE;
  if (bigEndian) return undefined; // implicit VR big endian does not exist
  const length = u32le(bytes, at + 4);
  return at + 8 + length <= bytes.length || length === 0xffffffff ? IMPLICIT_LE : undefined;
}

export function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}
