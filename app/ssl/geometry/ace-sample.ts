import type { Rng } from '../rng';
import { type AceMasks, type AcePlacement, type GridSpec, type PixelBox, aceMasks, largeCropBox, sampleAcePlacement, smallCropBox } from './grid';
import { type AceTargets, type TargetKernels, ACE_KERNELS, aceTargets } from './targets';

/** Everything the ACE data pipeline needs for one image, fixed by the RNG draw. */
export interface AceGeometry extends AceMasks, AceTargets {
  readonly placement: AcePlacement;
  readonly largeBox: PixelBox;
  readonly smallBox: PixelBox;
}

export function aceGeometry(spec: GridSpec, placement: AcePlacement, kernels: TargetKernels = ACE_KERNELS): AceGeometry {
  return {
    placement,
    largeBox: largeCropBox(spec, placement),
    smallBox: smallCropBox(spec, placement),
    ...aceMasks(spec, placement),
    ...aceTargets(spec, placement, kernels),
  };
}

export const sampleAceGeometry = (rng: Rng, spec: GridSpec, kernels: TargetKernels = ACE_KERNELS): AceGeometry =>
  aceGeometry(spec, sampleAcePlacement(rng, spec), kernels);
