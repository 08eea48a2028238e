import { inflateRawSync } from 'node:zlib';
import dicomParser, { type DataSet } from 'dicom-parser';
import { fail } from '../errors';
import { readContainer, type Container } from './container';
import { describeTag } from './tags';
import { DEFLATED_LE, EXPLICIT_LE } from './transfer-syntax';

export interface ParsedDicom {
  readonly dataSet: DataSet;
  readonly container: Container;
}

/**
 * Bytes → dicom-parser DataSet, for files with or without preamble/meta (see container.ts).
 * We hand dicom-parser only the dataset and tell it the transfer syntax, so it never guesses; every parser failure
 * is rewritten into a sentence that names the element where reading stopped.
 */
export function parseDicomBytes(bytes: Uint8Array, maxInflatedBytes: number): ParsedDicom {
  const container = readContainer(bytes);
  let dataset = toBuffer(bytes).subarray(container.datasetOffset);
  let parserSyntax = container.transferSyntaxUid;
  if (parserSyntax === DEFLATED_LE) {
    dataset = inflate(dataset, maxInflatedBytes);
    parserSyntax = EXPLICIT_LE;
  }
  try {
    return { dataSet: dicomParser.parseDicom(dataset, { TransferSyntaxUID: parserSyntax }), container };
  } catch (err) {
    fail(describeParserFailure(err, dataset.length, container.datasetOffset));
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  // dicom-parser's Node paths call Buffer methods; wrap without copying.
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function inflate(deflated: Buffer, maxBytes: number): Buffer {
  try {
    return inflateRawSync(deflated, { maxOutputLength: maxBytes });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') fail(`deflated dataset inflates to more than ${maxBytes} bytes`);
    fail(`deflated dataset is corrupt: ${(err as Error).message}`);
  }
}

/** dicom-parser throws strings, Errors, or { exception, dataSet } with the part it managed to read. */
function describeParserFailure(err: unknown, datasetBytes: number, datasetOffset: number): string {
  if (err instanceof RangeError) {
    // dicom-parser recurses once per nested sequence; a hostile file can nest deeper than the JS stack.
    return 'dataset unreadable: sequences are nested too deeply to parse (stack exhausted)';
  }
  const inner = typeof err === 'object' && err !== null && 'exception' in err ? (err as { exception: unknown }).exception : err;
  if (inner instanceof RangeError) return 'dataset unreadable: sequences are nested too deeply to parse (stack exhausted)';
  const message = plainParserMessage(String(inner instanceof Error ? inner.message : inner), datasetOffset);
  const partial = typeof err === 'object' && err !== null && 'dataSet' in err ? (err as { dataSet?: DataSet }).dataSet : undefined;
  const last = partial ? Object.values(partial.elements).at(-1) : undefined;
  if (last && last.dataOffset + last.length > datasetBytes && last.length !== 0xffffffff) {
    const missing = last.dataOffset + last.length - datasetBytes;
    return `file truncated: ${describeTag(last.tag)} declares ${last.length} bytes but the file ends ${missing} bytes short`;
  }
  return last ? `dataset unreadable after ${describeTag(last.tag)}: ${message}` : `dataset unreadable: ${message}`;
}

/** dicom-parser's internal wording → what happened to the file; its offsets are made file-relative. */
function plainParserMessage(raw: string, datasetOffset: number): string {
  const text = raw.replace(/^dicomParser[.:]\s*\w+:\s*/, '').replace(/offset (\d+)/g, (_, n: string) => `byte ${Number(n) + datasetOffset}`);
  if (/maxPosition|buffer overrun/.test(text)) return `an element runs past the end of its sequence or of the file (truncated or corrupt: ${text})`;
  return text;
}
