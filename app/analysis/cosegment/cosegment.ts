/**
 * Part co-segmentation of N radiographs from their patch features (issue 7; spec §5.2, upstream
 * part_cosegmentation without the third stage), adapted:
 *  1. Stage 1: k-means with the elbow criterion on every m-th descriptor; every token gets its nearest centroid.
 *     A cluster gets an image's vote when that image's tokens in it lie mostly inside the body (body-mask.ts,
 *     the substitute for DINO attention saliency); clusters voted for by ≥ ceil(voteFraction·N) images are the
 *     common foreground, the rest background.
 *  2. Stage 2: k-means with k = parts on foreground descriptors; parts are numbered top to bottom by the mean
 *     height of their tokens, so the same part keeps its index (and colour) across images and runs.
 *  3. Edge-following labels: per-token scores (foreground margin, and −squared distance to each part centroid)
 *     are upsampled to a working grid of ≤ gridSize px, smoothed by a guided filter with the image as guide (in
 *     place of the dense CRF), labelled by argmax, and nearest-upsampled to the source size.
 * Stage 1 and the foreground descriptors are kept, so segment(parts) for another K redoes only stages 2–3.
 */
import type { Plane } from '../../ssl/geometry/image';
import { elbowK, kmeans, squaredDistances } from '../cluster/kmeans';
import { tokenCenter } from '../features/grid';
import type { FeatureMap } from '../features/types';
import { bodyMask } from './body-mask';
import { guidedFilter } from './guided-filter';
import { MAX_PARTS, partLegend, type PartLegend } from './palette';
import { minMaxScaled, nearestUpsample, workingGrid, type Grid } from './raster';
import { tokenCoverage, upsampleTokens } from './token-grid';

export const MIN_IMAGES = 2;
export const MAX_IMAGES = 64;

export interface CosegmentImage {
  readonly map: FeatureMap;
  /** Grey pixels of the same image (any size of the original frame's aspect, e.g. a working copy). */
  readonly image: Plane;
}

export interface CosegmentSettings {
  readonly seed: number;
  /** Largest k stage 1 tries. */
  readonly maxK: number;
  /** Elbow ratio of stage 1 (spec 0.975). */
  readonly elbow: number;
  /** A cluster gets an image's vote when that image's tokens in it are on average more than this inside the body. */
  readonly saliencyThreshold: number;
  /** Share of images whose vote makes a cluster common foreground (spec 0.75). */
  readonly voteFraction: number;
  /** At most this many descriptors train stage 1 (every m-th token; the spec takes every 100th). */
  readonly stage1Samples: number;
  /** At most this many foreground descriptors train stage 2. */
  readonly stage2Samples: number;
  /** k-means restarts of stage 2 (the elbow search runs one per k). */
  readonly restarts: number;
  /** Longer side in px of the grid the labels are smoothed on. */
  readonly gridSize: number;
  /** Guided-filter radius in token spacings. */
  readonly smoothRadius: number;
  /** Guided-filter ridge on the [0, 1]-scaled image: edges of contrast above about √eps are followed. */
  readonly smoothEps: number;
}

export const DEFAULT_COSEGMENT_SETTINGS: CosegmentSettings = {
  seed: 0,
  maxK: 14,
  elbow: 0.975,
  saliencyThreshold: 0.5,
  voteFraction: 0.75,
  stage1Samples: 2000,
  stage2Samples: 10000,
  restarts: 3,
  gridSize: 256,
  smoothRadius: 1,
  smoothEps: 0.001,
};

export interface Stage1Summary {
  readonly k: number;
  /** inertias[i] belongs to k = i + 1. */
  readonly inertias: readonly number[];
  /** Per stage-1 cluster, the number of images that voted for it. */
  readonly votes: readonly number[];
  /** Stage-1 clusters that are common foreground. */
  readonly foreground: readonly number[];
  readonly sampled: number;
  readonly foregroundTokens: number;
}

export interface SegmentedImage {
  /** Source size (the feature map's original frame). */
  readonly width: number;
  readonly height: number;
  /** width·height, 0 = background, 1..parts. */
  readonly labels: Uint8Array;
  /** Per token (rows·cols) before smoothing: background, or the nearest part. */
  readonly tokenLabels: Uint8Array;
  /** The labels on the working grid they were made on (≤ gridSize px, source aspect): a ready-made preview. */
  readonly grid: { readonly width: number; readonly height: number; readonly labels: Uint8Array };
  /** Share of pixels per label: [background, part 1, …]. */
  readonly fractions: readonly number[];
}

export interface CosegmentResult {
  readonly parts: number;
  readonly legend: readonly PartLegend[];
  readonly images: readonly SegmentedImage[];
  /** Milliseconds: stage 2 (clustering, distances, part order) and the edge-following labelling. */
  readonly timings: { readonly stage2: number; readonly smoothing: number };
}

export interface Cosegmentation {
  readonly settings: CosegmentSettings;
  readonly stage1: Stage1Summary;
  segment(parts: number): CosegmentResult;
}

interface PreparedImage {
  readonly map: FeatureMap;
  readonly guide: Grid;
  /** Per token: minimum squared distance to a background centroid minus that to a foreground one (> 0: foreground). */
  readonly margin: Float32Array;
}

function checkSettings(s: CosegmentSettings): void {
  const positiveInt = (name: keyof CosegmentSettings): void => {
    const v = s[name];
    if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`co-segmentation: ${name} must be a positive integer, got ${v}`);
  };
  (['maxK', 'stage1Samples', 'stage2Samples', 'restarts', 'gridSize'] as const).forEach(positiveInt);
  if (!(s.elbow > 0 && s.elbow <= 1)) throw new RangeError(`co-segmentation: elbow must be in (0, 1], got ${s.elbow}`);
  if (!(s.voteFraction > 0 && s.voteFraction <= 1)) throw new RangeError(`co-segmentation: voteFraction must be in (0, 1], got ${s.voteFraction}`);
  if (!(s.saliencyThreshold >= 0 && s.saliencyThreshold < 1)) throw new RangeError(`co-segmentation: saliencyThreshold must be in [0, 1), got ${s.saliencyThreshold}`);
  if (!(s.smoothRadius >= 0)) throw new RangeError(`co-segmentation: smoothRadius must be ≥ 0, got ${s.smoothRadius}`);
  if (!(s.smoothEps > 0)) throw new RangeError(`co-segmentation: smoothEps must be positive, got ${s.smoothEps}`);
}

function checkInputs(inputs: readonly CosegmentImage[]): number {
  if (inputs.length < MIN_IMAGES || inputs.length > MAX_IMAGES) {
    throw new RangeError(`co-segmentation needs ${MIN_IMAGES} to ${MAX_IMAGES} images, got ${inputs.length}`);
  }
  const dim = inputs[0]!.map.dim;
  inputs.forEach(({ map }, i) => {
    if (map.dim !== dim) throw new Error(`co-segmentation: image ${i + 1} has ${map.dim}-d features, image 1 has ${dim}-d (use one extractor and one setting)`);
    if (map.data.length !== map.rows * map.cols * dim) throw new Error(`co-segmentation: image ${i + 1}'s feature map holds ${map.data.length} values, not ${map.rows}×${map.cols}×${dim}`);
  });
  return dim;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Every step-th row of the concatenated token lists, step chosen so at most `budget` rows are taken and coprime
 * with `period` (the grid width for whole maps): a step sharing a factor with the width would sample the same
 * few columns of every image.
 */
function strideSample(chunks: readonly Float32Array[], dim: number, budget: number, period = 1): Float32Array {
  const total = chunks.reduce((n, c) => n + c.length / dim, 0);
  let step = Math.max(1, Math.ceil(total / budget));
  while (step > 1 && gcd(step, period) !== 1) step++;
  const out = new Float32Array(Math.ceil(total / step) * dim);
  let global = 0;
  let taken = 0;
  for (const chunk of chunks) {
    const rows = chunk.length / dim;
    // First row of this chunk that is a multiple of step in global numbering.
    for (let r = (step - (global % step)) % step; r < rows; r += step) out.set(chunk.subarray(r * dim, (r + 1) * dim), taken++ * dim);
    global += rows;
  }
  return out.subarray(0, taken * dim);
}

/** Per row of an n × k distance table: the index of the minimum. */
function argminRows(dist: Float32Array, k: number): Int32Array {
  const n = dist.length / k;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (dist[i * k + c]! < dist[i * k + best]!) best = c;
    labels[i] = best;
  }
  return labels;
}

function stage1(inputs: readonly CosegmentImage[], guides: readonly Grid[], dim: number, s: CosegmentSettings) {
  const sample = strideSample(inputs.map((i) => i.map.data), dim, s.stage1Samples, inputs[0]!.map.cols);
  const options = { seed: s.seed, maxIterations: 100, restarts: 1 };
  const elbow = elbowK(sample, dim, { ...options, maxK: s.maxK, ratio: s.elbow });
  // The elbow search fitted this k with these options already; the same seed gives the same model.
  const { centroids, k } = kmeans(sample, dim, elbow.k, options);
  const votes = new Array<number>(k).fill(0);
  const distances = inputs.map(({ map }, i) => {
    const dist = squaredDistances(map.data, dim, centroids);
    const labels = argminRows(dist, k);
    const guide = guides[i]!;
    const saliency = tokenCoverage(map, bodyMask(guide), guide.width, guide.height);
    const sum = new Float64Array(k);
    const count = new Int32Array(k);
    labels.forEach((c, t) => {
      sum[c]! += saliency[t]!;
      count[c]!++;
    });
    for (let c = 0; c < k; c++) if (count[c]! > 0 && sum[c]! / count[c]! > s.saliencyThreshold) votes[c]!++;
    return dist;
  });
  const needed = Math.ceil(s.voteFraction * inputs.length);
  const isForeground = votes.map((v) => v >= needed);
  const foreground = isForeground.flatMap((f, c) => (f ? [c] : []));
  if (foreground.length === 0) {
    throw new Error(`co-segmentation: no feature cluster lies inside the body in ${needed} of ${inputs.length} images (votes per cluster: ${votes.join(', ')}); the images may not share anatomy`);
  }
  const margins = distances.map((dist) => {
    const margin = new Float32Array(dist.length / k);
    for (let t = 0; t < margin.length; t++) {
      let fg = Infinity;
      let bg = Infinity;
      for (let c = 0; c < k; c++) {
        const d = dist[t * k + c]!;
        if (isForeground[c]) fg = Math.min(fg, d);
        else bg = Math.min(bg, d);
      }
      // Without background clusters every token is foreground: a constant positive margin.
      margin[t] = bg === Infinity ? 1 : bg - fg;
    }
    return margin;
  });
  const summary = { k, inertias: elbow.inertias, votes, foreground, sampled: sample.length / dim };
  return { summary, margins };
}

export function prepareCosegmentation(inputs: readonly CosegmentImage[], settings: Partial<CosegmentSettings> = {}): Cosegmentation {
  const s: CosegmentSettings = { ...DEFAULT_COSEGMENT_SETTINGS, ...settings };
  checkSettings(s);
  const dim = checkInputs(inputs);
  const guides = inputs.map(({ image }) => {
    const grid = workingGrid(image, s.gridSize);
    return { ...grid, data: minMaxScaled(grid.data) };
  });
  const { summary, margins } = stage1(inputs, guides, dim, s);
  const images: PreparedImage[] = inputs.map(({ map }, i) => ({ map, guide: guides[i]!, margin: margins[i]! }));
  const fgChunks = images.map(({ map, margin }) => {
    const rows = margin.reduce((n, m) => n + (m > 0 ? 1 : 0), 0);
    const chunk = new Float32Array(rows * dim);
    let j = 0;
    margin.forEach((m, t) => {
      if (m > 0) chunk.set(map.data.subarray(t * dim, (t + 1) * dim), j++ * dim);
    });
    return chunk;
  });
  const stage1Summary: Stage1Summary = { ...summary, foregroundTokens: fgChunks.reduce((n, c) => n + c.length / dim, 0) };
  // Of the foreground descriptors only the sample stage 2 trains on is kept between calls.
  const fgSample = strideSample(fgChunks, dim, s.stage2Samples);

  return {
    settings: s,
    stage1: stage1Summary,
    segment(parts) {
      if (!(Number.isInteger(parts) && parts >= 1 && parts <= MAX_PARTS)) throw new RangeError(`co-segmentation: parts must be an integer in 1..${MAX_PARTS}, got ${parts}`);
      const sampled = fgSample.length / dim;
      if (parts > sampled) throw new RangeError(`co-segmentation: ${parts} parts need at least as many foreground tokens; there are ${sampled}`);
      const started = performance.now();
      const { centroids } = kmeans(fgSample, dim, parts, { seed: s.seed, restarts: s.restarts });
      const distances = images.map(({ map }) => squaredDistances(map.data, dim, centroids));
      const rank = partOrder(images, distances, parts);
      const clustered = performance.now();
      const segmented = images.map((img, i) => segmentImage(img, distances[i]!, rank, s));
      const timings = { stage2: clustered - started, smoothing: performance.now() - clustered };
      return { parts, legend: partLegend(parts), images: segmented, timings };
    },
  };
}

/**
 * rank[cluster] = 0-based part index, top to bottom by the mean height (as a share of the image height) of the
 * foreground tokens nearest to the cluster, over all images; ties by cluster number.
 */
function partOrder(images: readonly PreparedImage[], distances: readonly Float32Array[], parts: number): Int32Array {
  const sum = new Float64Array(parts);
  const count = new Int32Array(parts);
  images.forEach(({ map, margin }, i) => {
    argminRows(distances[i]!, parts).forEach((c, t) => {
      if (!(margin[t]! > 0)) return;
      sum[c]! += tokenCenter(map, Math.floor(t / map.cols), t % map.cols).y / map.imageHeight;
      count[c]!++;
    });
  });
  const mean = Array.from({ length: parts }, (_, c) => (count[c]! > 0 ? sum[c]! / count[c]! : Infinity));
  const byHeight = Array.from({ length: parts }, (_, c) => c).sort((a, b) => mean[a]! - mean[b]! || a - b);
  const rank = new Int32Array(parts);
  byHeight.forEach((c, r) => (rank[c] = r));
  return rank;
}

function segmentImage(img: PreparedImage, dist: Float32Array, rank: Int32Array, s: CosegmentSettings): SegmentedImage {
  const { map, guide, margin } = img;
  const parts = rank.length;
  const tokens = map.rows * map.cols;
  // Channel 0: the foreground margin; channel 1 + rank[c]: −squared distance to part c.
  const scores = new Float32Array(tokens * (parts + 1));
  const tokenLabels = new Uint8Array(tokens);
  for (let t = 0; t < tokens; t++) {
    const base = t * (parts + 1);
    scores[base] = margin[t]!;
    let best = 0;
    for (let c = 0; c < parts; c++) {
      scores[base + 1 + rank[c]!] = -dist[t * parts + c]!;
      if (dist[t * parts + c]! < dist[t * parts + best]!) best = c;
    }
    tokenLabels[t] = margin[t]! > 0 ? 1 + rank[best]! : 0;
  }
  const { width, height } = guide;
  const spacing = (map.stride * width) / map.inputSize;
  const filter = guidedFilter(guide.data, width, height, Math.max(1, Math.round(s.smoothRadius * spacing)), s.smoothEps);
  const smoothed = upsampleTokens(map, scores, parts + 1, width, height).map((channel) => filter.apply(channel));
  const small = new Uint8Array(width * height);
  for (let i = 0; i < small.length; i++) {
    if (!(smoothed[0]![i]! > 0)) continue;
    let best = 1;
    for (let p = 2; p <= parts; p++) if (smoothed[p]![i]! > smoothed[best]![i]!) best = p;
    small[i] = best;
  }
  const labels = nearestUpsample(small, width, height, map.imageWidth, map.imageHeight);
  const counts = new Float64Array(parts + 1);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  const fractions = Array.from(counts, (n) => n / labels.length);
  return { width: map.imageWidth, height: map.imageHeight, labels, tokenLabels, grid: { width, height, labels: small }, fractions };
}
