import { fail } from '../../errors';

/**
 * Reads the JPEG 2000 SIZ marker (ISO 15444-1 A.5.1), which must directly follow SOC (FF4F). Checked against the DICOM
 * header BEFORE decoding: a corrupt extent would otherwise make the codec allocate gigabytes or report a 0 × 0 image.
 */
export function checkJ2kSiz(data: Uint8Array, columns: number, rows: number, samplesPerPixel: number): void {
  if (data.length < 42 || data[0] !== 0xff || data[1] !== 0x4f) fail('JPEG 2000 codestream does not start with SOC (FF4F)');
  if (data[2] !== 0xff || data[3] !== 0x51) fail('JPEG 2000 codestream has no SIZ marker (FF51) after SOC');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = view.getUint32(8) - view.getUint32(16);
  const height = view.getUint32(12) - view.getUint32(20);
  const components = view.getUint16(40);
  if (width !== columns || height !== rows) {
    fail(`JPEG 2000 SIZ marker gives an image of ${width} × ${height} but Columns × Rows say ${columns} × ${rows} (codestream header corrupt)`);
  }
  if (components !== samplesPerPixel) fail(`JPEG 2000 SIZ marker lists ${components} component(s) but Samples per Pixel is ${samplesPerPixel}`);
}
