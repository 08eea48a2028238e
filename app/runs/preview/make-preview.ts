import type { Plane } from '../../ssl/geometry/image';
import { type WeightsChoice, backboneValues, readCheckpointBackbone } from '../export/checkpoint-backbone';
import { pcaRgb } from './pca-rgb';
import { type ProbePreview, writePreview } from './preview-file';
import { probeTokens } from './probe-tokens';

export interface Probe {
  readonly file: string;
  /** The image at the backbone's input size, grey 0..255, unaugmented. */
  readonly plane: Plane;
}

/**
 * What the backbone of the run's latest checkpoint makes of the probe image: its token grid and PCA colours, written
 * to the run folder. Reads only the backbone from the checkpoint, so it costs one forward of one image and a 20-odd MB
 * read for ViT-T, however large the heads.
 */
export function makePreview(runDir: string, weights: WeightsChoice, probe: Probe): ProbePreview {
  const t0 = performance.now();
  const backbone = readCheckpointBackbone(runDir, weights);
  const grid = probeTokens(backboneValues(backbone), backbone.specs, backbone.vit, probe.plane);
  const { rgb, explained } = pcaRgb(grid.tokens, grid.dim);
  const preview: ProbePreview = {
    ...grid,
    step: backbone.step,
    weights,
    probeFile: probe.file,
    inputSize: probe.plane.height,
    probe: probe.plane.data,
    rgb,
    explained,
    ms: Math.round(performance.now() - t0),
    createdAt: new Date().toISOString(),
  };
  writePreview(runDir, preview);
  return preview;
}
