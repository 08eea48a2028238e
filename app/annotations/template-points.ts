import { ApiError } from '../api/errors';
import type { TemplatePoint } from '../api/schemas/annotations';
import { paletteColour } from './colours';

/**
 * Rules a point list must satisfy beyond its schema: unique ids, and partners that exist and name each other back
 * (a one-sided pair would make left/right flips and the COCO skeleton ambiguous).
 */
export function checkPoints(points: readonly TemplatePoint[]): void {
  const ids = new Map<string, number>();
  points.forEach((p, i) => {
    const seen = ids.get(p.id);
    if (seen !== undefined) throw new ApiError('invalid_input', `Point id "${p.id}" is used twice (points ${seen + 1} and ${i + 1}); ids must be unique.`);
    ids.set(p.id, i);
  });
  for (const p of points) {
    if (p.partner === null) continue;
    if (p.partner === p.id) throw new ApiError('invalid_input', `Point "${p.id}" cannot be its own partner.`);
    const partner = points[ids.get(p.partner) ?? -1];
    if (!partner) throw new ApiError('invalid_input', `Point "${p.id}" names partner "${p.partner}", which is not in the template.`);
    if (partner.partner !== p.id) {
      throw new ApiError('invalid_input', `Partners must name each other: "${p.id}" names "${p.partner}", but "${p.partner}" names ${partner.partner ? `"${partner.partner}"` : 'no partner'}.`);
    }
  }
}

/** A point id from a free-text landmark name: "Right lung apex" → "right_lung_apex". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '_')
    .replace(/^[^a-z0-9]+|_+$/g, '')
    .slice(0, 64);
  return slug === '' ? 'point' : slug;
}

export interface PointHint {
  /** The key the file uses for the landmark (an id or a name). */
  key: string;
  name?: string;
  description?: string;
  colour?: string;
  partner?: string | null;
  mayBeAbsent?: boolean;
}

/**
 * Template points for landmarks named in an imported file, in order of first appearance. Keys that already are
 * slugs stay as ids (so files written by us round-trip); other names get a unique slug. Partners are kept only
 * when both sides name each other.
 */
export function pointsFromHints(hints: readonly PointHint[]): { points: TemplatePoint[]; idOfKey: Map<string, string> } {
  const idOfKey = new Map<string, string>();
  const used = new Set<string>();
  const points: TemplatePoint[] = [];
  const byLowerKey = new Map<string, string>();
  for (const hint of hints) {
    if (idOfKey.has(hint.key)) continue;
    // "Chin" and "chin" in one file are the same landmark typed twice, not two landmarks.
    const same = byLowerKey.get(hint.key.trim().toLowerCase());
    if (same !== undefined) {
      idOfKey.set(hint.key, same);
      continue;
    }
    const base = /^[a-z0-9][a-z0-9_.-]*$/.test(hint.key) && hint.key.length <= 64 ? hint.key : slugify(hint.key);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base.slice(0, 60)}_${n}`;
    used.add(id);
    idOfKey.set(hint.key, id);
    byLowerKey.set(hint.key.trim().toLowerCase(), id);
    points.push({
      id,
      name: (hint.name ?? hint.key).trim() || id,
      description: hint.description ?? '',
      colour: /^#[0-9a-f]{6}$/i.test(hint.colour ?? '') ? hint.colour!.toLowerCase() : paletteColour(points.length),
      partner: null,
      mayBeAbsent: hint.mayBeAbsent ?? false,
    });
  }
  const byId = new Map(points.map((p) => [p.id, p]));
  for (const hint of hints) {
    const self = byId.get(idOfKey.get(hint.key)!)!;
    const partnerId = hint.partner ? idOfKey.get(hint.partner) ?? (byId.has(hint.partner) ? hint.partner : undefined) : undefined;
    if (partnerId && partnerId !== self.id) self.partner = partnerId;
  }
  for (const p of points) {
    if (p.partner !== null && byId.get(p.partner)?.partner !== p.id) p.partner = null;
  }
  return { points, idOfKey };
}
