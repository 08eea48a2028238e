import { pngSource } from '../../ssl/data/png-source';
import type { TrainConfig } from '../../ssl/train/config';
import { backboneOf } from '../../ssl/train/methods';
import { writeFileAtomic } from '../../util/atomic-file';
import { defaultWeights } from '../export/checkpoint-backbone';
import { makePreview, type Probe } from './make-preview';
import { rgbPng } from './png';
import { pcaPngFile, readPreview } from './preview-file';

export interface PreviewHook {
  /** After a checkpoint is on disk: previews it when `every` steps have passed since the last preview. */
  afterCheckpoint(step: number): void;
  /** Resolves when the PNGs of earlier previews are written. */
  settled(): Promise<void>;
}

export interface PreviewHookOptions {
  readonly runDir: string;
  readonly config: TrainConfig;
  /** Training images in the trainer's order; the first is the probe. */
  readonly files: readonly string[];
  /** Steps between previews, taken at the first checkpoint due; ≤ 0: at every checkpoint. */
  readonly every: number;
  readonly log: (line: string) => void;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Probe previews in the training process. They ride on checkpoints (the loop hands out no weights between them):
 * the backbone is read back from the checkpoint just written. A failing preview is logged and never stops training.
 */
export async function createPreviewHook({ runDir, config, files, every, log }: PreviewHookOptions): Promise<PreviewHook> {
  const file = files[0];
  let probe: Probe | null = null;
  try {
    if (!file) throw new Error('the run has no images');
    probe = { file, plane: await pngSource([file]).read(0, backboneOf(config).imgSize) };
  } catch (err) {
    log(`previews off: cannot read the probe image: ${message(err)}`);
  }
  const weights = defaultWeights(config.method);
  let last = -Infinity;
  try {
    last = readPreview(runDir)?.step ?? last;
  } catch (err) {
    log(`earlier preview unreadable, replacing it: ${message(err)}`);
  }
  let pngs: Promise<void> = Promise.resolve();
  return {
    afterCheckpoint(step) {
      if (!probe || (every > 0 && step - last < every)) return;
      last = step;
      try {
        const p = makePreview(runDir, weights, probe);
        log(`preview at step ${p.step}: ${p.ms} ms`);
        pngs = pngs
          .then(() => rgbPng(p.rgb, p.cols, p.rows))
          .then((png) => writeFileAtomic(pcaPngFile(runDir, p.step), png))
          .catch((err: unknown) => log(`preview PNG at step ${p.step} not written: ${message(err)}`));
      } catch (err) {
        log(`preview at step ${step} failed: ${message(err)}`);
      }
    },
    settled: () => pngs,
  };
}
