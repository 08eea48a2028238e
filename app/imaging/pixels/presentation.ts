/**
 * Step 4, presentation (PS3.3 C.11.6 and C.7.6.3.1.2): MONOCHROME1 means "minimum value is white", and
 * Presentation LUT Shape INVERSE asks for the same inversion. DX requires INVERSE together with MONOCHROME1, so the two
 * describe ONE inversion and are OR-ed, never applied twice. After this, high output = bright = bone in a radiograph.
 */
export function presentationInverts(photometric: string, presentationLutShape: string | undefined): boolean {
  return photometric === 'MONOCHROME1' || presentationLutShape === 'INVERSE';
}
