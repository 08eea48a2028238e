import fs from 'node:fs/promises';
import path from 'node:path';
import { checkPointsInside, parsePairsFile, predictionsFile } from '../../analysis/correspondence/pairs-file';
import { correspondenceSettings, runCorrespondence, type CorrespondenceStage } from '../../analysis/correspondence/runner';
import { fileImage } from '../../analysis/features/images';
import { openExtractor } from '../../analysis/features/extractors';
import { createFeatureService } from '../../analysis/features/service';
import type { FeatureSettings } from '../../analysis/features/types';
import { activateCompute } from '../../compute/activate';
import { writeFileAtomic } from '../../util/atomic-file';
import { extractorSpec, featureOverrides, integer, required, text } from '../analysis-options';
import { UsageError, type Command, type CommandContext } from '../command';

const USAGE =
  'correspond --checkpoint <run-id|checkpoint|random|pixels> --pairs <pairs.json> --out <predictions.json> [--weights teacher|student] [--like <run-id|checkpoint>] [--layer N] [--facet token|key|query|value] [--input-size N] [--stride N] [--fine-stride N|0] [--search-radius F]';

function settingOverrides(ctx: CommandContext): Partial<FeatureSettings> & { fineStride?: number | null } {
  const fine = integer(ctx, 'fine-stride');
  return { ...featureOverrides(ctx), ...(fine !== undefined ? { fineStride: fine === 0 ? null : fine } : {}) };
}

/** A fraction of the key's longer side (0, 1]. */
function searchRadius(ctx: CommandContext): number | undefined {
  const v = text(ctx, 'search-radius');
  if (v === undefined) return undefined;
  const f = Number(v);
  if (!(f > 0 && f <= 1)) throw new UsageError(`--search-radius is a fraction of the key image's longer side in (0, 1], got "${v}".`);
  return f;
}

/** Progress lines on stderr: each stage's start, about every tenth step, and its end. */
function progressPrinter(ctx: CommandContext): (stage: CorrespondenceStage, done: number, total: number) => void {
  return (stage, done, total) => {
    if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0) ctx.io.err(`${stage} ${done}/${total}`);
  };
}

export const correspondCommand: Command = {
  name: 'correspond',
  usage: USAGE,
  summary:
    'Zero-shot landmark correspondence: finds each query landmark of pairs.json ({"pairs": [{"query", "key", "points": {"name": [x, y]}}]}, query pixels, paths relative to the file) on its key image by coarse-to-fine matching of patch features; writes {"predictions": [{"query", "key", "landmark", "x", "y", "score"}]} in key pixels. --fine-stride 0 matches on the coarse grid only; --search-radius 0.1 searches only within 10% of the image side around the query position scaled to the key (default: the whole image).',
  async run(ctx) {
    const pairsPath = required(ctx, 'pairs', 'pairs.json');
    const out = path.resolve(required(ctx, 'out', 'predictions.json'));
    const spec = extractorSpec(ctx);
    const overrides = settingOverrides(ctx);
    const radius = searchRadius(ctx);
    let content: string;
    try {
      content = await fs.readFile(pairsPath, 'utf8');
    } catch (err) {
      throw new Error(`Cannot read the pairs file ${pairsPath}: ${(err as Error).message}`);
    }
    const doc = parsePairsFile(content, pairsPath);
    const images = new Map(
      await Promise.all(
        [...doc.paths].map(async ([name, file]) => {
          try {
            return [name, await fileImage(file)] as const;
          } catch (err) {
            throw new Error(`${pairsPath}: image "${name}" (${file}): ${(err as Error).message}`);
          }
        }),
      ),
    );
    checkPointsInside(doc.pairs, images, pairsPath);
    const compute = await activateCompute(text(ctx, 'backend'));
    const extractor = await openExtractor(spec);
    try {
      const settings = correspondenceSettings(extractor, overrides);
      const { coarse, fine } = settings;
      ctx.io.err(
        `${extractor.label} on ${compute.summary}: layer ${coarse.layer} ${coarse.facet}, input ${coarse.inputSize} px, stride ${coarse.stride}${fine ? ` then ${fine.stride}` : ''}; ${images.size} images, ${doc.pairs.length} pairs`,
      );
      const started = performance.now();
      const service = createFeatureService({ cacheDir: path.join(ctx.runtime.dataDir, 'features') });
      const predictions = await runCorrespondence(service, extractor, images, doc.pairs, settings, {
        signal: ctx.signal,
        onProgress: progressPrinter(ctx),
        ...(radius === undefined ? {} : { match: { searchRadius: radius } }),
      });
      await writeFileAtomic(out, predictionsFile(predictions));
      const seconds = (performance.now() - started) / 1000;
      if (ctx.json) ctx.io.out(JSON.stringify({ file: out, predictions: predictions.length, pairs: doc.pairs.length, model: extractor.label, compute: compute.summary, seconds }, null, 2));
      else ctx.io.out(`Wrote ${predictions.length} predictions for ${doc.pairs.length} pairs to ${out} (${extractor.label}, ${seconds.toFixed(1)} s).`);
    } finally {
      extractor.dispose();
    }
  },
};
