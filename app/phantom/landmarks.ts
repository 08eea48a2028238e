/**
 * The 14 landmarks of the default chest template (issue 6), computed exactly from the
 * patient's shape parameters in canonical coordinates. The order of CHEST_LANDMARKS is
 * the stable output order. "right"/"left" are the PATIENT's sides: right-sided points
 * lie on the image's left half (radiological convention).
 */
import {
  bronchusOrigin,
  heartBottomParam,
  heartDomeIntersection,
  heartExtremeXParam,
  heartPoint,
} from './geometry';
import type { Patient } from './patient';

export interface LandmarkDef {
  id: string;
  label: string;
  description: string;
  /** id of the mirror-image landmark, for symmetric pairs. */
  partner?: string;
}

export const CHEST_LANDMARKS: readonly LandmarkDef[] = [
  { id: 'right_lung_apex', label: 'Right lung apex', description: 'Highest point of the right lung', partner: 'left_lung_apex' },
  { id: 'left_lung_apex', label: 'Left lung apex', description: 'Highest point of the left lung', partner: 'right_lung_apex' },
  { id: 'right_costophrenic_angle', label: 'Right costophrenic angle', description: 'Where the right lateral chest wall meets the right hemidiaphragm', partner: 'left_costophrenic_angle' },
  { id: 'left_costophrenic_angle', label: 'Left costophrenic angle', description: 'Where the left lateral chest wall meets the left hemidiaphragm', partner: 'right_costophrenic_angle' },
  { id: 'right_cardiophrenic_angle', label: 'Right cardiophrenic angle', description: 'Where the right heart border meets the right hemidiaphragm', partner: 'left_cardiophrenic_angle' },
  { id: 'left_cardiophrenic_angle', label: 'Left cardiophrenic angle', description: 'Where the left heart border meets the left hemidiaphragm', partner: 'right_cardiophrenic_angle' },
  { id: 'carina', label: 'Carina', description: 'Tracheal bifurcation: where the inner walls of the main bronchi meet' },
  { id: 'aortic_knob_top', label: 'Top of aortic knob', description: 'Highest point of the aortic arch silhouette on the left mediastinal border' },
  { id: 'right_heart_border', label: 'Right heart border', description: 'Most lateral point of the right heart border (right atrium)' },
  { id: 'cardiac_apex', label: 'Cardiac apex', description: 'Most lateral point of the left heart border (left ventricle)' },
  { id: 'right_lateral_clavicle_end', label: 'Right lateral clavicle end', description: 'Acromial end of the right clavicle', partner: 'left_lateral_clavicle_end' },
  { id: 'left_lateral_clavicle_end', label: 'Left lateral clavicle end', description: 'Acromial end of the left clavicle', partner: 'right_lateral_clavicle_end' },
  { id: 'right_medial_clavicle_end', label: 'Right medial clavicle end', description: 'Sternal end of the right clavicle', partner: 'left_medial_clavicle_end' },
  { id: 'left_medial_clavicle_end', label: 'Left medial clavicle end', description: 'Sternal end of the left clavicle', partner: 'right_medial_clavicle_end' },
];

export type LandmarkId = (typeof CHEST_LANDMARKS)[number]['id'];

export interface CanonicalLandmark {
  name: string;
  u: number;
  v: number;
}

/**
 * Landmarks in canonical coordinates, or null when the sampled shapes do not produce
 * them (e.g. the heart does not reach the diaphragm) — the sampler then redraws.
 */
export function canonicalLandmarks(p: Patient): CanonicalLandmark[] | null {
  const { right: rl, left: ll } = p.lungs;
  const h = p.heart;
  const bottom = heartBottomParam(h);
  const psiMin = heartExtremeXParam(h, -1);
  const psiMax = heartExtremeXParam(h, 1);
  // Right side: from the leftmost heart point down to the bottom, psi decreasing
  // through the lower-left quadrant (psiMin ≈ π+, bottom ≈ π/2+…): walk psiMin → bottom.
  const rcp = heartDomeIntersection(h, rl, psiMin, bottom);
  // Left side: from the rightmost point (psiMax, slightly negative) forward to the bottom.
  const lcp = heartDomeIntersection(h, ll, psiMax, bottom);
  if (!rcp || !lcp) return null;
  const rhb = heartPoint(h, psiMin);
  const apex = heartPoint(h, psiMax);
  const { sy } = bronchusOrigin(p.airway.carinaX, p.airway.carinaY, p.airway.bronchusHalfWidth, p.airway.rightAngle, p.airway.leftAngle);
  if (!(sy < p.airway.carinaY)) return null;
  const { right: rc, left: lc } = p.clavicles;
  const pts: [string, number, number][] = [
    ['right_lung_apex', rl.apexX, rl.apexY],
    ['left_lung_apex', ll.apexX, ll.apexY],
    ['right_costophrenic_angle', rl.apexX + rl.dir * rl.wLat, rl.cpY],
    ['left_costophrenic_angle', ll.apexX + ll.dir * ll.wLat, ll.cpY],
    ['right_cardiophrenic_angle', rcp.x, rcp.y],
    ['left_cardiophrenic_angle', lcp.x, lcp.y],
    ['carina', p.airway.carinaX, p.airway.carinaY],
    ['aortic_knob_top', p.knob.cx, p.knob.cy - p.knob.r],
    ['right_heart_border', rhb.x, rhb.y],
    ['cardiac_apex', apex.x, apex.y],
    ['right_lateral_clavicle_end', rc.lateralX, rc.lateralY],
    ['left_lateral_clavicle_end', lc.lateralX, lc.lateralY],
    ['right_medial_clavicle_end', rc.medialX, rc.medialY],
    ['left_medial_clavicle_end', lc.medialX, lc.medialY],
  ];
  return pts.map(([name, u, v]) => ({ name, u, v }));
}
