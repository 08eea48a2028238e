import { z } from 'zod';
import { FormatError, describeZodIssues } from './errors';
import { parseJsonText } from './json';
import type { ExportDocument, ParsedAnnotation, ParsedDocument } from './types';

/**
 * COCO keypoints (https://cocodataset.org/#format-data): one category = the template, whose `keypoints` are the
 * point ids in template order and whose `skeleton` joins left/right partners (1-based, as COCO requires). One
 * annotation per image per annotator with keypoints [x1, y1, v1, …]: v = 0 not labelled (x = y = 0), 1 labelled but
 * not visible (our "absent"; no position, so x = y = 0), 2 labelled and visible. num_keypoints counts v > 0. bbox and
 * area enclose the visible points (COCO tools require both); the annotator goes in `attributes` (as CVAT does).
 * Positions are original image pixels with integers at pixel centres, COCO's own keypoint convention.
 */

export function writeCoco(doc: ExportDocument): string {
  const points = doc.template.points;
  const index = new Map(points.map((p, i) => [p.id, i]));
  const imageIds = new Map(doc.images.map((img, i) => [img.file, i + 1]));
  const skeleton: [number, number][] = [];
  points.forEach((p, i) => {
    const j = p.partner === null ? undefined : index.get(p.partner);
    if (j !== undefined && i < j) skeleton.push([i + 1, j + 1]);
  });
  const groups = new Map<string, { file: string; annotator: string; keypoints: number[] }>();
  for (const a of doc.annotations) {
    const key = `${a.file}\u0000${a.annotator}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { file: a.file, annotator: a.annotator, keypoints: new Array<number>(points.length * 3).fill(0) }));
    const i = index.get(a.landmark)!;
    if (a.state === 'placed') g.keypoints.splice(i * 3, 3, a.x!, a.y!, 2);
    else g.keypoints.splice(i * 3, 3, 0, 0, 1);
  }
  const annotations = [...groups.values()].map((g, n) => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < points.length; i++) {
      if (g.keypoints[i * 3 + 2] === 2) {
        xs.push(g.keypoints[i * 3]!);
        ys.push(g.keypoints[i * 3 + 1]!);
      }
    }
    const bbox = xs.length ? [Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)] : [0, 0, 0, 0];
    return {
      id: n + 1,
      image_id: imageIds.get(g.file)!,
      category_id: 1,
      keypoints: g.keypoints,
      num_keypoints: g.keypoints.filter((_, k) => k % 3 === 2 && g.keypoints[k]! > 0).length,
      bbox,
      area: bbox[2]! * bbox[3]!,
      iscrowd: 0,
      segmentation: [],
      attributes: { annotator: g.annotator },
    };
  });
  const coco = {
    info: { description: `${doc.dataset}: ${doc.template.name}`, version: '1.0', year: Number(doc.exportedAt.slice(0, 4)), contributor: doc.generator, date_created: doc.exportedAt },
    licenses: [],
    images: doc.images.map((img) => ({ id: imageIds.get(img.file)!, file_name: img.file, width: img.width, height: img.height })),
    annotations,
    categories: [{ id: 1, name: doc.template.name, supercategory: 'anatomy', keypoints: points.map((p) => p.id), skeleton }],
  };
  return `${JSON.stringify(coco, null, 1)}\n`;
}

const CocoFile = z.object({
  images: z.array(
    z.looseObject({ id: z.union([z.number(), z.string()]), file_name: z.string().min(1), width: z.number().positive().optional(), height: z.number().positive().optional() }),
  ),
  annotations: z.array(
    z.looseObject({
      image_id: z.union([z.number(), z.string()]),
      category_id: z.union([z.number(), z.string()]),
      keypoints: z.array(z.number()).optional(),
      attributes: z.looseObject({ annotator: z.string().optional() }).optional(),
    }),
  ),
  categories: z.array(
    z.looseObject({
      id: z.union([z.number(), z.string()]),
      name: z.string(),
      keypoints: z.array(z.string()).optional(),
      skeleton: z.array(z.array(z.number())).optional(),
    }),
  ),
});

export function parseCoco(text: string): ParsedDocument {
  const parsed = CocoFile.safeParse(parseJsonText(text, 'COCO'));
  if (!parsed.success) throw new FormatError(`The COCO file is not valid: ${describeZodIssues(parsed.error)}`);
  const coco = parsed.data;
  const images = new Map(coco.images.map((img) => [String(img.id), img]));
  const categories = new Map(coco.categories.map((c) => [String(c.id), c]));
  const keypointCategories = coco.categories.filter((c) => (c.keypoints?.length ?? 0) > 0);
  if (keypointCategories.length === 0) throw new FormatError('The COCO file has no category with keypoints: it holds no landmarks.');
  const hints: ParsedDocument['landmarks'][number][] = [];
  const seen = new Set<string>();
  for (const c of keypointCategories) {
    const names = c.keypoints!;
    names.forEach((name) => {
      if (seen.has(name)) return;
      seen.add(name);
      hints.push({ key: name, name });
    });
    for (const [a, b] of (c.skeleton ?? []).filter((s) => s.length === 2)) {
      const left = hints.find((h) => h.key === names[a! - 1]);
      const right = hints.find((h) => h.key === names[b! - 1]);
      if (left && right) {
        left.partner = right.key;
        right.partner = left.key;
      }
    }
  }
  const annotations: ParsedAnnotation[] = [];
  coco.annotations.forEach((ann, n) => {
    const category = categories.get(String(ann.category_id));
    if (!category) throw new FormatError(`annotations[${n}]: category_id ${ann.category_id} is not among the categories.`);
    if (!category.keypoints?.length || !ann.keypoints) return;
    const image = images.get(String(ann.image_id));
    if (!image) throw new FormatError(`annotations[${n}]: image_id ${ann.image_id} is not among the images.`);
    const k = category.keypoints.length;
    if (ann.keypoints.length !== k * 3) {
      throw new FormatError(`annotations[${n}]: keypoints has ${ann.keypoints.length} values, but category "${category.name}" has ${k} keypoints (expected ${k * 3}).`);
    }
    category.keypoints.forEach((landmark, i) => {
      const [x, y, v] = [ann.keypoints![i * 3]!, ann.keypoints![i * 3 + 1]!, ann.keypoints![i * 3 + 2]!];
      const where = `annotations[${n}] keypoint ${i + 1} ("${landmark}")`;
      if (v === 0) return;
      if (v !== 1 && v !== 2) throw new FormatError(`${where}: visibility ${v} is not 0, 1 or 2.`);
      annotations.push({
        file: image.file_name,
        landmark,
        annotator: ann.attributes?.annotator?.trim() || null,
        state: v === 2 ? 'placed' : 'absent',
        x: v === 2 ? x : null,
        y: v === 2 ? y : null,
        where,
      });
    });
  });
  return {
    ...(keypointCategories.length === 1 ? { templateName: keypointCategories[0]!.name } : {}),
    landmarks: hints,
    images: coco.images.map((img) => ({ file: img.file_name, ...(img.width && img.height ? { width: img.width, height: img.height } : {}) })),
    annotations,
    statuses: [],
  };
}
