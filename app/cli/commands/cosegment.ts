import fs from 'node:fs/promises';
import path from 'node:path';
import { MAX_IMAGES, MIN_IMAGES, prepareCosegmentation } from '../../analysis/cosegment/cosegment';
import { labelFileNames, writeCosegmentation } from '../../analysis/cosegment/export';
import { MAX_PARTS } from '../../analysis/cosegment/palette';
import { cosegmentGuides } from '../../analysis/cosegment/guides';
import { fileImage } from '../../analysis/features/images';
import { openExtractor } from '../../analysis/features/extractors';
import { createFeatureService } from '../../analysis/features/service';
import type { AnalysisImage, FeatureSettings } from '../../analysis/features/types';
import { activateCompute } from '../../compute/activate';
import { scanSources } from '../../import/scan';
import { extractorSpec, featureOverrides, integer, required, text } from '../analysis-options';
import { UsageError, type Command, type CommandContext } from '../command';

const USAGE =
  'cosegment --checkpoint <run-id|checkpoint|random|pixels> --images <folder|list.txt> --out <folder> [--parts 5] [--like <run-id|checkpoint>] [--layer N] [--facet token|key|query|value] [--input-size N] [--stride N] [--seed N]';

const DEFAULT_PARTS = 5;

/**
 * The image files --images names: a folder (searched recursively for images, as import does, leaving out the
 * output folder) or a text file with one path per line (relative to the list; blank lines and # comments skipped).
 */
async function imagePaths(ctx: CommandContext, source: string, outDir: string): Promise<string[]> {
  const stat = await fs.stat(source).catch(() => null);
  if (!stat) throw new Error(`--images ${source}: no such file or folder`);
  if (stat.isDirectory()) {
    const { files } = await scanSources([source], ctx.signal, () => {});
    // Label maps of an earlier run in a subfolder are not images to segment (--out = the folder itself is refused later).
    return outDir === path.resolve(source) ? files : files.filter((f) => !f.startsWith(outDir + path.sep));
  }
  const list = await fs.readFile(source, 'utf8').catch((err: Error) => {
    throw new Error(`Cannot read the image list ${source}: ${err.message}`);
  });
  return list
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => path.resolve(path.dirname(source), line));
}

function checkOutputs(files: readonly string[], outDir: string): void {
  labelFileNames(files).forEach((name, i) => {
    if (path.join(outDir, name) === files[i]) throw new Error(`--out ${outDir}: writing ${name} there would overwrite the image ${files[i]}; choose another folder`);
  });
}

export const cosegmentCommand: Command = {
  name: 'cosegment',
  usage: USAGE,
  summary: `Part co-segmentation of ${MIN_IMAGES}–${MAX_IMAGES} radiographs: writes per image an 8-bit label PNG at the image's size (0 = background, 1..K = parts, numbered top to bottom and the same part in every image) named after the image, and legend.json (part colours, settings, per-image part fractions).`,
  async run(ctx) {
    const ref = required(ctx, 'checkpoint', 'run-id|checkpoint|random|pixels');
    const source = required(ctx, 'images', 'folder|list.txt');
    const outDir = path.resolve(required(ctx, 'out', 'folder'));
    const parts = integer(ctx, 'parts') ?? DEFAULT_PARTS;
    if (parts < 1 || parts > MAX_PARTS) throw new UsageError(`--parts must be in 1..${MAX_PARTS}, got ${parts}.`);
    const seed = integer(ctx, 'seed');
    const overrides = featureOverrides(ctx);
    const spec = extractorSpec(ctx);

    const files = await imagePaths(ctx, source, outDir);
    if (files.length < MIN_IMAGES || files.length > MAX_IMAGES) {
      throw new Error(`--images ${source}: co-segmentation needs ${MIN_IMAGES} to ${MAX_IMAGES} images, found ${files.length}`);
    }
    checkOutputs(files, outDir);
    const images: AnalysisImage[] = [];
    for (const file of files) {
      ctx.signal.throwIfAborted();
      images.push(
        await fileImage(file).catch((err: Error) => {
          throw new Error(`Cannot read the image ${file}: ${err.message}`);
        }),
      );
    }

    const compute = await activateCompute(text(ctx, 'backend'));
    const extractor = await openExtractor(spec);
    try {
      const settings: FeatureSettings = { ...extractor.defaults, ...overrides };
      ctx.io.err(`${extractor.label} on ${compute.summary}: layer ${settings.layer} ${settings.facet}, input ${settings.inputSize} px, stride ${settings.stride}; ${images.length} images`);
      const started = performance.now();
      let last = started;
      const lap = (): number => {
        const now = performance.now();
        const seconds = (now - last) / 1000;
        last = now;
        return seconds;
      };
      const service = createFeatureService({ cacheDir: path.join(ctx.runtime.dataDir, 'features') });
      const maps = await service.features(extractor, images, settings, {
        signal: ctx.signal,
        onProgress: (done, total) => {
          if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0) ctx.io.err(`features ${done}/${total}`);
        },
      });
      const featureSeconds = lap();
      const guides = await cosegmentGuides(images);
      const co = prepareCosegmentation(maps.map((map, i) => ({ map, image: guides[i]! })), seed === undefined ? {} : { seed });
      const stage1Seconds = lap();
      ctx.io.err(`stage 1: ${co.stage1.k} clusters, ${co.stage1.foreground.length} common foreground (votes ${co.stage1.votes.join(', ')})`);
      const result = co.segment(parts);
      lap();
      const written = await writeCosegmentation(outDir, result, files, {
        settings: co.settings,
        stage1: co.stage1,
        source: { model: extractor.label, checkpoint: ref, ...(text(ctx, 'like') === undefined ? {} : { like: text(ctx, 'like') }), features: settings },
      });
      const exportSeconds = lap();
      const seconds = (performance.now() - started) / 1000;
      const timings = { features: featureSeconds, stage1: stage1Seconds, stage2: result.timings.stage2 / 1000, smoothing: result.timings.smoothing / 1000, export: exportSeconds };
      if (ctx.json) {
        ctx.io.out(JSON.stringify({ out: outDir, files: written, images: files.length, parts, stage1: co.stage1, model: extractor.label, compute: compute.summary, seconds, timings }, null, 2));
      } else {
        ctx.io.out(`Wrote ${files.length} label maps (${parts} parts) and legend.json to ${outDir} (${extractor.label}, ${seconds.toFixed(1)} s).`);
      }
    } finally {
      extractor.dispose();
    }
  },
};
