import type { TemplatePoint } from '../api/schemas/annotations';
import { CHEST_LANDMARKS } from '../phantom/landmarks';
import { paletteColour } from './colours';

export const DEFAULT_TEMPLATE_NAME = 'Chest (14 landmarks)';

/**
 * Points that are often legitimately not visible on a real radiograph: angles blunted or hidden by effusion,
 * the aortic knob in young patients, lateral clavicle ends cut off by collimation. The others are always in a
 * diagnostic chest film.
 */
const MAY_BE_ABSENT = new Set([
  'right_costophrenic_angle',
  'left_costophrenic_angle',
  'right_cardiophrenic_angle',
  'left_cardiophrenic_angle',
  'aortic_knob_top',
  'right_lateral_clavicle_end',
  'left_lateral_clavicle_end',
]);

/** Built from CHEST_LANDMARKS (the phantom's ground truth uses the same ids), so the two can never drift apart. */
export function defaultChestPoints(): TemplatePoint[] {
  return CHEST_LANDMARKS.map((l, i) => ({
    id: l.id,
    name: l.label,
    description: l.description,
    colour: paletteColour(i),
    partner: l.partner ?? null,
    mayBeAbsent: MAY_BE_ABSENT.has(l.id),
  }));
}
