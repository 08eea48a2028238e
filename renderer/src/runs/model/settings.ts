import type { BackendName } from '../../../../app/api/contract';
import type { RunSettings } from '../../../../app/api/schemas/runs';
import { BACKBONES, hasDinoHead, usesGridCrops, type BackboneId, type MethodId } from './presets';

/** The new-run form as typed (numbers stay text until submitted, so a half-typed value is never lost). */
export interface RunForm {
  readonly name: string;
  readonly datasetIds: readonly number[];
  readonly method: MethodId;
  readonly backbone: BackboneId;
  readonly imageSize: string;
  readonly batch: string;
  readonly microBatch: string;
  /** Train for a number of epochs, or stop after a number of steps (schedules then span just those steps). */
  readonly length: 'epochs' | 'steps';
  readonly epochs: string;
  readonly maxSteps: string;
  readonly lr: string;
  readonly warmupEpochs: string;
  readonly checkpointEvery: string;
  readonly seed: string;
  readonly headSize: string;
  /** Advanced overrides; empty = the backbone preset's value. */
  readonly cellSize: string;
  readonly cropCells: string;
  readonly embedDim: string;
  readonly depth: string;
  readonly numHeads: string;
}

/** The form's field paths, as the host names them in validation errors ("settings.batch: …"). */
export const FORM_FIELDS = [
  'name',
  'datasetIds',
  'settings.method',
  'settings.backbone',
  'settings.imageSize',
  'settings.batch',
  'settings.microBatch',
  'settings.epochs',
  'settings.maxSteps',
  'settings.lr',
  'settings.warmupEpochs',
  'settings.checkpointEvery',
  'settings.seed',
  'settings.dinoOutDim',
  'settings.cellSize',
  'settings.cropCells',
  'settings.embedDim',
  'settings.depth',
  'settings.numHeads',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

const isGpu = (backend: BackendName | null | undefined) => backend === 'tensorflow-gpu';

/**
 * Defaults per backend. On the CPU backends (wasm, cpu, tensorflow): ViT-T/16 on 224-px crops (14 cells of 16 px)
 * from 512-px images, small batches with gradient accumulation and a smaller DINO head. On a GPU: ViT-B/16 with
 * larger batches and the papers' 65536-wide head.
 */
export function defaultForm(backend: BackendName | null | undefined, datasetIds: readonly number[] = []): RunForm {
  const gpu = isGpu(backend);
  return {
    name: '',
    datasetIds,
    method: 'ace',
    backbone: gpu ? 'vit-b16' : 'vit-t16',
    imageSize: '512',
    batch: gpu ? '64' : '16',
    microBatch: gpu ? '16' : '2',
    length: 'epochs',
    epochs: '100',
    maxSteps: '300',
    lr: '0.0005',
    warmupEpochs: '10',
    checkpointEvery: gpu ? '500' : '100',
    seed: '0',
    headSize: gpu ? '65536' : '16384',
    cellSize: '',
    cropCells: '',
    embedDim: '',
    depth: '',
    numHeads: '',
  };
}

/** Cell size, crop cells and backbone size in effect: the advanced overrides or the preset's values. */
export function effectiveShape(form: RunForm): { cellSize: number; cropCells: number; embedDim: number; depth: number; numHeads: number } {
  const preset = BACKBONES[form.backbone];
  const or = (text: string, fallback: number) => (text.trim() === '' || !Number.isFinite(Number(text)) ? fallback : Number(text));
  return {
    cellSize: or(form.cellSize, preset.patchSize),
    cropCells: or(form.cropCells, preset.imgSize / preset.patchSize),
    embedDim: or(form.embedDim, preset.embedDim),
    depth: or(form.depth, preset.depth),
    numHeads: or(form.numHeads, preset.numHeads),
  };
}

/** The side in px PEAC crops from: its 18-cell grid around a 14-cell crop, scaled to the crop, plus one cell of jitter. */
export const peacImageSide = (cropCells: number, cellSize: number): number => (cropCells + 5) * cellSize;

export interface ParsedForm {
  /** Present when the form is valid. */
  readonly input?: { datasetIds: number[]; name?: string; settings: RunSettings };
  readonly errors: Partial<Record<FormField, string>>;
  /** Optimisation steps per epoch with the selected datasets and batch (0 when unknown). */
  readonly stepsPerEpoch: number;
  readonly epochs: number | null;
  readonly stepsTotal: number | null;
}

type Errors = Partial<Record<FormField, string>>;

function integer(errors: Errors, field: FormField, text: string, label: string, min: number, max: number): number | null {
  const t = text.trim();
  if (t === '') {
    errors[field] = `${label} is required.`;
    return null;
  }
  const n = Number(t);
  if (!Number.isFinite(n) || !Number.isInteger(n)) {
    errors[field] = `${label} must be a whole number.`;
    return null;
  }
  if (n < min) {
    errors[field] = `${label} must be at least ${min.toLocaleString('en-US')}.`;
    return null;
  }
  if (n > max) {
    errors[field] = `${label} must be at most ${max.toLocaleString('en-US')}.`;
    return null;
  }
  return n;
}

function optionalInteger(errors: Errors, field: FormField, text: string, label: string, min: number, max: number): number | undefined {
  if (text.trim() === '') return undefined;
  return integer(errors, field, text, label, min, max) ?? undefined;
}

/**
 * Checks every field as the host would and a few things it only finds out when training starts (grid geometry,
 * divisibility), with messages that say what to change; builds the runs.create input when all is well.
 * `images` = usable images in the selected datasets.
 */
export function parseForm(form: RunForm, images: number): ParsedForm {
  const errors: Errors = {};
  const name = form.name.trim();
  if (name.length > 200) errors.name = 'Name must be at most 200 characters.';
  if (form.datasetIds.length === 0) errors.datasetIds = 'Choose at least one dataset.';
  else if (images === 0) errors.datasetIds = 'The selected datasets have no imported images yet.';

  const grid = usesGridCrops(form.method);
  const imageSize = integer(errors, 'settings.imageSize', form.imageSize, 'Image size', 64, 2048);
  const batch = integer(errors, 'settings.batch', form.batch, 'Batch', 1, 4096);
  const microBatch = integer(errors, 'settings.microBatch', form.microBatch, 'Micro-batch', 1, 256);
  const epochsTyped = form.length === 'epochs' ? integer(errors, 'settings.epochs', form.epochs, 'Epochs', 1, 10_000) : null;
  const maxSteps = form.length === 'steps' ? integer(errors, 'settings.maxSteps', form.maxSteps, 'Steps', 1, 10_000_000) : null;
  const warmupEpochs = integer(errors, 'settings.warmupEpochs', form.warmupEpochs, 'Warm-up', 0, 10_000);
  const checkpointEvery = integer(errors, 'settings.checkpointEvery', form.checkpointEvery, 'Checkpoint interval', 1, 10_000_000);
  const seed = integer(errors, 'settings.seed', form.seed, 'Seed', 0, 2 ** 31 - 1);
  const headSize = hasDinoHead(form.method) ? integer(errors, 'settings.dinoOutDim', form.headSize, 'Head size', 16, 65536) : null;
  const cellSize = optionalInteger(errors, 'settings.cellSize', form.cellSize, 'Cell size', 4, 64);
  const cropCells = optionalInteger(errors, 'settings.cropCells', form.cropCells, 'Crop', 2, 32);
  const embedDim = optionalInteger(errors, 'settings.embedDim', form.embedDim, 'Width', 8, 1024);
  const depth = optionalInteger(errors, 'settings.depth', form.depth, 'Depth', 1, 24);
  const numHeads = optionalInteger(errors, 'settings.numHeads', form.numHeads, 'Heads', 1, 16);

  let lr: number | null = null;
  const lrText = form.lr.trim();
  const lrValue = Number(lrText);
  if (lrText === '') errors['settings.lr'] = 'Learning rate is required.';
  else if (!Number.isFinite(lrValue)) errors['settings.lr'] = 'Learning rate must be a number such as 0.0005 or 5e-4.';
  else if (lrValue <= 0) errors['settings.lr'] = 'Learning rate must be greater than 0.';
  else if (lrValue > 1) errors['settings.lr'] = 'Learning rate must be at most 1.';
  else lr = lrValue;

  // Relations between fields, checked once each field on its own is fine.
  const shape = effectiveShape(form);
  if (batch !== null && microBatch !== null) {
    if (microBatch > batch) errors['settings.microBatch'] = `The micro-batch must not be larger than the batch (${batch}).`;
    else if (batch % microBatch !== 0) errors['settings.microBatch'] = `The batch (${batch}) must be a multiple of the micro-batch.`;
  }
  if (form.method === 'barlow' && microBatch !== null && microBatch < 2 && !errors['settings.microBatch']) {
    errors['settings.microBatch'] = 'Barlow Twins standardises over the micro-batch: use a micro-batch of at least 2.';
  }
  if (batch !== null && images > 0 && batch > images && !errors['settings.batch']) {
    errors['settings.batch'] = `The selected datasets have ${images.toLocaleString('en-US')} images, fewer than one batch: lower the batch.`;
  }
  if (cellSize !== undefined && cellSize % 2 !== 0) errors['settings.cellSize'] = 'Cell size must be even (the large crop is halved).';
  if (cropCells !== undefined && cropCells % 2 !== 0) errors['settings.cropCells'] = 'Crop must be an even number of cells.';
  if (!errors['settings.numHeads'] && !errors['settings.embedDim'] && shape.embedDim % shape.numHeads !== 0) {
    errors['settings.numHeads'] = `The width (${shape.embedDim}) must be divisible by the number of heads (${shape.numHeads}).`;
  }
  if (grid && imageSize !== null && !errors['settings.cellSize'] && !errors['settings.cropCells']) {
    const { cellSize: cell, cropCells: crop } = shape;
    const min = 2 * crop * cell;
    const max = (3 * crop - 1) * cell;
    if (imageSize % cell !== 0) errors['settings.imageSize'] = `Image size must be a multiple of the cell size (${cell} px).`;
    else if (imageSize < min || imageSize > max) {
      errors['settings.imageSize'] = `With ${crop}-cell crops of ${cell} px the image must be ${min}–${max} px (${2 * crop}–${3 * crop - 1} cells).`;
    }
  }

  const stepsPerEpoch = batch !== null && images > 0 ? Math.floor(images / batch) : 0;
  let epochs = epochsTyped;
  if (form.length === 'steps' && maxSteps !== null && stepsPerEpoch > 0) epochs = Math.max(1, Math.ceil(maxSteps / stepsPerEpoch));
  if (form.length === 'epochs' && epochs !== null && warmupEpochs !== null && warmupEpochs >= epochs && !errors['settings.warmupEpochs']) {
    errors['settings.warmupEpochs'] = `Warm-up must be shorter than the run (${epochs} epoch${epochs === 1 ? '' : 's'}).`;
  }
  const stepsTotal = stepsPerEpoch > 0 ? (form.length === 'steps' ? maxSteps : epochs !== null ? epochs * stepsPerEpoch : null) : null;

  const valid = Object.keys(errors).length === 0;
  if (!valid || imageSize === null || batch === null || microBatch === null || epochs === null || lr === null) {
    return { errors, stepsPerEpoch, epochs, stepsTotal };
  }
  const settings: RunSettings = {
    method: form.method,
    backbone: form.backbone,
    imageSize,
    batch,
    microBatch,
    epochs,
    lr,
    warmupEpochs: warmupEpochs!,
    checkpointEvery: checkpointEvery!,
    seed: seed!,
    cellSize: shape.cellSize,
    cropCells: shape.cropCells,
    ...(maxSteps !== null ? { maxSteps } : {}),
    ...(headSize !== null ? { dinoOutDim: headSize } : {}),
    ...(embedDim !== undefined ? { embedDim } : {}),
    ...(depth !== undefined ? { depth } : {}),
    ...(numHeads !== undefined ? { numHeads } : {}),
  };
  return { input: { datasetIds: [...form.datasetIds], ...(name ? { name } : {}), settings }, errors, stepsPerEpoch, epochs, stepsTotal };
}
