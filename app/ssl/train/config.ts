import { z } from 'zod';
import { VIT_PRESETS } from '../nn/vit';

/**
 * A training run, fully described (the checkpoint stores it; a resume must use the same one). Defaults are the
 * ACE recipe (spec §4) at the CPU-default grid: 512-px image, 16-px cells, ViT-T/16 at 224.
 */
export const METHODS = ['ace', 'peac', 'peac-1', 'dino', 'barlow'] as const;
export type MethodName = (typeof METHODS)[number];

const positiveInt = z.number().int().positive();

export const trainConfigSchema = z
  .object({
    method: z.enum(METHODS).default('ace'),
    backbone: z.enum(Object.keys(VIT_PRESETS) as [keyof typeof VIT_PRESETS, ...(keyof typeof VIT_PRESETS)[]]).default('vit-t16'),
    /** Optional backbone overrides (tiny models in tests). */
    embedDim: positiveInt.optional(),
    depth: positiveInt.optional(),
    numHeads: positiveInt.optional(),
    dropPath: z.number().min(0).max(1).default(0),
    /** Exact erf GELU as timm; 'tanh' is the faster approximation, an explicit opt-in. */
    gelu: z.enum(['erf', 'tanh']).default('erf'),
    /** Source image side in px for the grid-cropped methods (ACE, DINO, Barlow): imageCells × cellSize. */
    imageSize: positiveInt.default(512),
    /** Grid cell side in px = the backbone patch size at network input. */
    cellSize: positiveInt.default(16),
    /** Crop side in cells (= tokens per side). */
    cropCells: positiveInt.default(14),
    /** Input channels; grey images are repeated (3 matches RGB-pretrained timm weights). */
    channels: z.union([z.literal(1), z.literal(3)]).default(1),
    augment: z.boolean().default(true),
    /** Image pairs per optimisation step, and per micro-batch (gradient accumulation). */
    batch: positiveInt.default(32),
    microBatch: positiveInt.default(2),
    epochs: positiveInt.default(100),
    /** Default: source size / batch (drop_last). */
    stepsPerEpoch: positiveInt.optional(),
    /** Stop after this many steps although the schedules span every epoch (short runs, benchmarks). */
    maxSteps: positiveInt.optional(),
    /** Base learning rate, scaled by batch/256; linear warm-up from 0, cosine to minLr. */
    lr: z.number().positive().default(5e-4),
    minLr: z.number().min(0).default(1e-6),
    warmupEpochs: z.number().int().min(0).default(10),
    weightDecay: z.number().min(0).default(0.04),
    weightDecayEnd: z.number().min(0).default(0.4),
    /** Teacher EMA momentum at the start, cosine to 1 (default: 0.996, PEAC 0.999). */
    momentum: z.number().min(0).max(1).optional(),
    teacherTemp: z.number().positive().default(0.04),
    warmupTeacherTemp: z.number().positive().default(0.04),
    warmupTeacherTempEpochs: z.number().int().min(0).default(0),
    studentTemp: z.number().positive().default(0.1),
    centerMomentum: z.number().min(0).max(1).default(0.9),
    /** Per-tensor gradient clipping norm; 0 = none. */
    clipGrad: z.number().min(0).default(0.8),
    freezeLastLayerEpochs: z.number().int().min(0).default(1),
    /** DINO head (ACE, DINO): output size, MLP width, bottleneck. */
    dinoOutDim: positiveInt.default(65536),
    dinoHiddenDim: positiveInt.default(2048),
    dinoBottleneckDim: positiveInt.default(256),
    /** Projection widths: PEAC global head and Barlow projector (8192 in both papers). */
    projDim: positiveInt.default(8192),
    peacLocalDim: positiveInt.default(512),
    /** Recompute each ViT block in the backward pass (less memory, ~1 extra forward). */
    gradientCheckpointing: z.boolean().default(false),
    seed: z.number().int().min(0).default(0),
    /** Save a checkpoint every N steps (0 = only on abort and at the end, when a folder is given). */
    checkpointEvery: z.number().int().min(0).default(0),
  })
  .refine((c) => c.batch % c.microBatch === 0, { message: 'batch must be a multiple of microBatch' })
  .refine((c) => c.method !== 'barlow' || c.microBatch >= 2, { message: 'Barlow Twins standardises over the micro-batch: microBatch must be ≥ 2' })
  .refine((c) => c.warmupEpochs < c.epochs, { message: 'warmupEpochs must be shorter than epochs' });

export type TrainConfigInput = z.input<typeof trainConfigSchema>;
export type TrainConfig = z.output<typeof trainConfigSchema>;

export const parseTrainConfig = (input: TrainConfigInput): TrainConfig => trainConfigSchema.parse(input);

export const teacherMomentum = (c: TrainConfig): number => c.momentum ?? (c.method.startsWith('peac') ? 0.999 : 0.996);
