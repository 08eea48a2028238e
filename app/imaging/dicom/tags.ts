/** Names for the tags that show up in error messages, so a researcher reads "Rows (0028,0010)" rather than x00280010. */
const NAMES: Record<string, string> = {
  x00280002: 'Samples per Pixel',
  x00280004: 'Photometric Interpretation',
  x00280006: 'Planar Configuration',
  x00280008: 'Number of Frames',
  x00280010: 'Rows',
  x00280011: 'Columns',
  x00280100: 'Bits Allocated',
  x00280101: 'Bits Stored',
  x00280102: 'High Bit',
  x00280103: 'Pixel Representation',
  x00281050: 'Window Center',
  x00281051: 'Window Width',
  x00281052: 'Rescale Intercept',
  x00281053: 'Rescale Slope',
  x00283000: 'Modality LUT Sequence',
  x00283002: 'LUT Descriptor',
  x00283006: 'LUT Data',
  x00283010: 'VOI LUT Sequence',
  x7fe00008: 'Float Pixel Data',
  x7fe00009: 'Double Float Pixel Data',
  x7fe00010: 'Pixel Data',
};

/** "x00280010" → "Rows (0028,0010)"; unknown tags → "(gggg,eeee)". */
export function describeTag(tag: string): string {
  const code = `(${tag.slice(1, 5).toUpperCase()},${tag.slice(5, 9).toUpperCase()})`;
  const name = NAMES[tag];
  return name ? `${name} ${code}` : `element ${code}`;
}
