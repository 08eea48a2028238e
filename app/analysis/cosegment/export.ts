/**
 * Co-segmentation on disk: one 8-bit grey PNG per image at its source size whose values are the labels
 * (0 = background, 1..K = parts), named after the image, plus legend.json with the parts' colours, the
 * settings used and per-image part fractions. Every file is written atomically.
 */
import path from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic } from '../../util/atomic-file';
import type { CosegmentResult, CosegmentSettings, Stage1Summary } from './cosegment';

export const LEGEND_FILE = 'legend.json';

export interface CosegmentExportInfo {
  readonly settings: CosegmentSettings;
  readonly stage1: Stage1Summary;
  /** Where the features came from: model label, feature settings, … */
  readonly source?: Readonly<Record<string, unknown>>;
}

/** The PNG name of an image: its file stem. Throws when two images would get the same name. */
export function labelFileNames(names: readonly string[]): string[] {
  const files = names.map((n) => `${path.parse(n).name}.png`);
  const seen = new Map<string, string>();
  files.forEach((f, i) => {
    const other = seen.get(f.toLowerCase());
    if (other !== undefined) throw new Error(`co-segmentation export: "${other}" and "${names[i]}" would both be written as ${f}; rename one`);
    seen.set(f.toLowerCase(), names[i]!);
  });
  return files;
}

export function labelPng(labels: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(labels, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 6 }).toBuffer();
}

/** Writes the label PNGs and legend.json into outDir; returns the paths written, legend last. */
export async function writeCosegmentation(outDir: string, result: CosegmentResult, names: readonly string[], info: CosegmentExportInfo): Promise<string[]> {
  if (names.length !== result.images.length) throw new Error(`co-segmentation export: ${names.length} names for ${result.images.length} images`);
  const files = labelFileNames(names);
  const written: string[] = [];
  for (const [i, image] of result.images.entries()) {
    const file = path.join(outDir, files[i]!);
    await writeFileAtomic(file, await labelPng(image.labels, image.width, image.height));
    written.push(file);
  }
  const legend = {
    parts: result.parts,
    background: { index: 0, name: 'background' },
    legend: result.legend,
    settings: info.settings,
    stage1: info.stage1,
    ...(info.source ? { source: info.source } : {}),
    images: result.images.map((image, i) => ({
      name: names[i],
      file: files[i],
      width: image.width,
      height: image.height,
      fractions: Object.fromEntries(image.fractions.map((f, l) => [l === 0 ? 'background' : `part ${l}`, Number(f.toFixed(6))])),
    })),
  };
  const legendFile = path.join(outDir, LEGEND_FILE);
  await writeFileAtomic(legendFile, `${JSON.stringify(legend, null, 2)}\n`);
  written.push(legendFile);
  return written;
}
