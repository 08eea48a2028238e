import type { AgreementReport, LandmarkAgreement } from '../api/schemas/annotations';
import type { Db } from '../store/database';
import { baseName } from './annotations';
import { distance, mean, median } from './geometry';
import { datasetTemplate } from './queue';

export interface Observation {
  readonly imageId: number;
  readonly fileName: string;
  readonly landmark: string;
  readonly annotator: string;
  readonly state: 'placed' | 'absent';
  readonly x: number | null;
  readonly y: number | null;
}

const MAX_OUTLIERS = 50;

/**
 * Inter-annotator agreement, per landmark. For each image where at least two of the annotators placed the landmark,
 * its distance is the mean Euclidean distance over all annotator pairs (original pixels; with two annotators simply
 * their distance). Mean, median and max are then taken over those images. An image is an outlier when its distance
 * exceeds outlierFactor × the landmark's median — the places a reviewer should look at first.
 */
export function computeAgreement(
  points: readonly { id: string; name: string }[],
  annotators: readonly string[],
  observations: readonly Observation[],
  outlierFactor: number,
): AgreementReport {
  const wanted = new Set(annotators);
  const byLandmark = new Map<string, Map<number, Observation[]>>();
  const annotatorsPerImage = new Map<number, Set<string>>();
  for (const o of observations) {
    if (!wanted.has(o.annotator)) continue;
    let images = byLandmark.get(o.landmark);
    if (!images) byLandmark.set(o.landmark, (images = new Map()));
    let list = images.get(o.imageId);
    if (!list) images.set(o.imageId, (list = []));
    list.push(o);
    let who = annotatorsPerImage.get(o.imageId);
    if (!who) annotatorsPerImage.set(o.imageId, (who = new Set()));
    who.add(o.annotator);
  }
  const landmarks: LandmarkAgreement[] = points.map((p) => {
    const perImage: { imageId: number; fileName: string; distance: number; placed: Observation[] }[] = [];
    let presenceDisagreements = 0;
    for (const [imageId, list] of byLandmark.get(p.id) ?? []) {
      const placed = list.filter((o) => o.state === 'placed' && o.x !== null && o.y !== null);
      if (placed.length > 0 && placed.length < list.length) presenceDisagreements++;
      if (placed.length < 2) continue;
      const pairs: number[] = [];
      for (let i = 0; i < placed.length; i++) {
        for (let j = i + 1; j < placed.length; j++) pairs.push(distance(placed[i]!.x!, placed[i]!.y!, placed[j]!.x!, placed[j]!.y!));
      }
      perImage.push({ imageId, fileName: list[0]!.fileName, distance: mean(pairs)!, placed });
    }
    const distances = perImage.map((d) => d.distance);
    const med = median(distances);
    const outliers =
      med === null
        ? []
        : perImage
            .filter((d) => d.distance > outlierFactor * med && d.distance > 1e-9)
            .sort((a, b) => b.distance - a.distance)
            .slice(0, MAX_OUTLIERS)
            .map((d) => ({
              imageId: d.imageId,
              fileName: d.fileName,
              distance: d.distance,
              positions: d.placed.map((o) => ({ annotator: o.annotator, x: o.x!, y: o.y! })),
            }));
    return {
      landmark: p.id,
      name: p.name,
      images: perImage.length,
      meanDistance: mean(distances),
      medianDistance: med,
      maxDistance: distances.length ? Math.max(...distances) : null,
      presenceDisagreements,
      outliers,
    };
  });
  const sharedImages = [...annotatorsPerImage.values()].filter((s) => s.size >= 2).length;
  return { annotators: [...annotators], sharedImages, outlierFactor, landmarks };
}

export function agreementReport(db: Db, datasetId: number, templateId: number, annotators: readonly string[] | undefined, outlierFactor: number): AgreementReport {
  const template = datasetTemplate(db, datasetId, templateId);
  const rows = db
    .prepare(
      `SELECT a.image_id, i.source_path, a.landmark, a.annotator, a.state, a.x, a.y FROM landmark_annotations a JOIN images i ON i.id = a.image_id
       WHERE i.dataset_id = ? AND a.template_id = ? ORDER BY a.image_id, a.annotator`,
    )
    .all(datasetId, templateId) as { image_id: number; source_path: string; landmark: string; annotator: string; state: 'placed' | 'absent'; x: number | null; y: number | null }[];
  const who = annotators && annotators.length > 0 ? [...new Set(annotators)] : [...new Set(rows.map((r) => r.annotator))].sort();
  const observations = rows.map((r) => ({ imageId: r.image_id, fileName: baseName(r.source_path), landmark: r.landmark, annotator: r.annotator, state: r.state, x: r.x, y: r.y }));
  return computeAgreement(template.points, who, observations, outlierFactor);
}
