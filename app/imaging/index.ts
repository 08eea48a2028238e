/** Public face of the decoding layer: the importer, the CLI and the viewer import from here only. */
export { decodeImageFile, decodeImageBytes } from './decode';
export { DecodeError } from './errors';
export { sniffFormat, type FileKind } from './sniff';
export { modalityValues } from './pixels/modality';
export { renderDisplay, type DisplayOptions } from './pixels/render';
export { voiLinear, voiLinearExact, voiSigmoid } from './pixels/voi';
export { patientKey } from './dicom/pseudonym';
export type * from './types';
