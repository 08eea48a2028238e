/**
 * Synthetic chest-radiograph phantoms with exact landmarks (issue 3, "Built-in sample").
 * Pure domain code: no Electron, React or DOM.
 */
export { generatePhantom, type Phantom, type PhantomLandmark, type PhantomOptions } from './generate';
export { CHEST_LANDMARKS, type LandmarkDef } from './landmarks';
export type { Patient, Sex } from './patient';
export { samplePatient } from './sample-patient';
export { createRng, mix32, subSeed, type Rng } from './prng';
export { encodePhantomPng, writePhantomPng, type PngBitDepth } from './write-png';
export {
  generateSampleSet,
  imageSeed,
  sampleFileName,
  LANDMARKS_FILE,
  type SampleSetImage,
  type SampleSetManifest,
  type SampleSetOptions,
} from './sample-set';
