import { z } from 'zod';
import type { JsrtPick } from '../../api/schemas/annotations';
import { FormatError, describeZodIssues } from './errors';
import { parseJsonText } from './json';
import type { ParsedAnnotation, ParsedDocument } from './types';

/**
 * The development layout of ../shared/data/jsrt-dev/landmarks.json: per image, ordered contour point lists
 * (RL right lung 44, LL left lung 50, H heart 26, RCLA/LCLA clavicles 23) in pixels of that image. Point i of a
 * structure is the same anatomical place in every image, so chosen indices become named landmarks. Import only:
 * a developer check that real annotations flow through the same import path as user files.
 */

/** The README's suggested correspondences onto the default chest template. */
export const DEFAULT_JSRT_PICKS: readonly JsrtPick[] = [
  { structure: 'RL', index: 0, landmark: 'right_lung_apex' },
  { structure: 'LL', index: 0, landmark: 'left_lung_apex' },
  { structure: 'RL', index: 21, landmark: 'right_costophrenic_angle' },
  { structure: 'LL', index: 22, landmark: 'left_costophrenic_angle' },
  { structure: 'RCLA', index: 0, landmark: 'right_lateral_clavicle_end' },
  { structure: 'LCLA', index: 0, landmark: 'left_lateral_clavicle_end' },
];

const JsrtFile = z.object({
  images: z.array(
    z.object({
      image: z.string().min(1),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      structures: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
    }),
  ),
});

export function parseJsrt(text: string, picks: readonly JsrtPick[] = DEFAULT_JSRT_PICKS, annotator = 'jsrt'): ParsedDocument {
  const parsed = JsrtFile.safeParse(parseJsonText(text, 'JSRT landmarks'));
  if (!parsed.success) throw new FormatError(`The JSRT landmarks file is not valid: ${describeZodIssues(parsed.error)}`);
  const annotations: ParsedAnnotation[] = [];
  parsed.data.images.forEach((img, i) => {
    for (const pick of picks) {
      const contour = img.structures[pick.structure];
      const where = `images[${i}] ("${img.image}") ${pick.structure}[${pick.index}]`;
      if (!contour) throw new FormatError(`${where}: the image has no structure "${pick.structure}" (it has ${Object.keys(img.structures).join(', ')}).`);
      const point = contour[pick.index];
      if (!point) throw new FormatError(`${where}: "${pick.structure}" has ${contour.length} points; index ${pick.index} does not exist.`);
      annotations.push({ file: img.image, landmark: pick.landmark, annotator, state: 'placed', x: point[0], y: point[1], where });
    }
  });
  const seen = new Set<string>();
  const landmarks = picks.filter((p) => !seen.has(p.landmark) && seen.add(p.landmark)).map((p) => ({ key: p.landmark, description: `JSRT contour ${p.structure}[${p.index}]` }));
  return { landmarks, images: parsed.data.images.map((i) => ({ file: i.image, width: i.width, height: i.height })), annotations, statuses: [] };
}
