import { CXR_MEAN, CXR_STD } from '../../ssl/ace/batch';
import type { Run } from '../../api/schemas/runs';
import type { VitPreset } from '../../ssl/nn/vit';
import type { CheckpointBackbone } from './checkpoint-backbone';

/** What an exported model is, where it came from and how to load it: written next to the weights as model-card.json. */
export interface ModelCard {
  readonly format: 'cxr-model-card';
  readonly version: 1;
  readonly name: string;
  readonly runId: number;
  readonly method: string;
  readonly weights: CheckpointBackbone['weights'];
  readonly backbone: {
    readonly preset: string;
    readonly config: CheckpointBackbone['vit'];
    readonly parameters: number;
    readonly tokenGrid: readonly [number, number];
    /** How to build the matching timm model; the state dict then loads with strict=True. */
    readonly timm: { readonly model: string; readonly kwargs: Record<string, number | string> };
  };
  readonly input: { readonly size: number; readonly channels: number; readonly normalisation: string; readonly mean: number; readonly std: number };
  readonly data: {
    readonly datasets: readonly { readonly id: number; readonly name: string | null }[];
    readonly images: number;
    /** SHA-256 over the sorted content hashes of the training images, as stored on the run. */
    readonly contentHash: string | null;
  };
  readonly training: {
    readonly config: CheckpointBackbone['config'];
    readonly stepsDone: number;
    readonly stepsTotal: number;
    readonly checkpointStep: number;
    readonly lastLosses: Readonly<Record<string, number>>;
    readonly backend: string | null;
    readonly seed: number;
    readonly codeVersion: string;
    readonly createdAt: string;
    readonly startedAt: string | null;
    readonly finishedAt: string | null;
  };
  readonly checkpoint: { readonly file: string; readonly sha256: string; readonly step: number };
  readonly files: { readonly safetensors: string; readonly tfjs: string };
  readonly exportedAt: string;
  readonly exportedBy: string;
  readonly licence: string;
}

/** timm architectures of our presets; img_size and in_chans are passed explicitly, so the 384 of ViT-B/32 does not matter. */
const TIMM_MODELS = {
  'vit-t16': 'vit_tiny_patch16_224',
  'vit-s16': 'vit_small_patch16_224',
  'vit-b16': 'vit_base_patch16_224',
  'vit-b32': 'vit_base_patch32_384',
} as const satisfies Record<VitPreset, string>;

export const LICENCE_NOTE =
  'These weights were trained on the user’s own images and derive from them: their use and sharing follow the terms under which those images may be used. No pretrained weights from elsewhere were used.';

export interface ModelCardInput {
  readonly run: Run;
  readonly datasets: readonly { readonly id: number; readonly name: string | null }[];
  readonly backbone: CheckpointBackbone;
  readonly checkpointSha256: string;
  readonly files: ModelCard['files'];
  readonly exportedAt: string;
  readonly exportedBy: string;
}

export function modelCard({ run, datasets, backbone, checkpointSha256, files, exportedAt, exportedBy }: ModelCardInput): ModelCard {
  const { vit, config } = backbone;
  const parameters = [...backbone.torch.values()].reduce((s, t) => s + t.data.length, 0);
  const side = vit.imgSize / vit.patchSize;
  return {
    format: 'cxr-model-card',
    version: 1,
    name: run.name,
    runId: run.id,
    method: config.method,
    weights: backbone.weights,
    backbone: {
      preset: config.backbone,
      config: vit,
      parameters,
      tokenGrid: [side, side],
      timm: {
        model: TIMM_MODELS[config.backbone],
        kwargs: { img_size: vit.imgSize, patch_size: vit.patchSize, in_chans: vit.inChans, embed_dim: vit.embedDim, depth: vit.depth, num_heads: vit.numHeads, num_classes: 0 },
      },
    },
    input: {
      size: vit.imgSize,
      channels: vit.inChans,
      normalisation: 'grey 0..255 → (x/255 − mean) / std, repeated to every input channel',
      mean: CXR_MEAN,
      std: CXR_STD,
    },
    data: { datasets, images: run.images, contentHash: run.dataHash },
    training: {
      config,
      stepsDone: run.stepsDone,
      stepsTotal: run.stepsTotal,
      checkpointStep: backbone.step,
      lastLosses: run.losses,
      backend: run.backend,
      seed: run.seed,
      codeVersion: run.codeVersion,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    },
    checkpoint: { file: backbone.file, sha256: checkpointSha256, step: backbone.step },
    files,
    exportedAt,
    exportedBy,
    licence: LICENCE_NOTE,
  };
}
