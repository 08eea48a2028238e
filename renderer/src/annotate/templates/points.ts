import type { TemplatePoint } from '../landmarks';

/** Pure edits of a template's point list, as the editor makes them. Ids never change once a point exists. */

/** "Right lung apex" → "right_lung_apex" (the host's point-id rule: lower-case slug). */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return slug || 'point';
}

/** A slug of `name` not used by any of `points` ("carina", "carina_2", …). */
export function freeId(name: string, points: readonly TemplatePoint[]): string {
  const taken = new Set(points.map((p) => p.id));
  const base = slugOf(name);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

const PALETTE = ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c', '#fabebe', '#008080', '#e6beff'];

export function newPoint(points: readonly TemplatePoint[]): TemplatePoint {
  const name = `Point ${points.length + 1}`;
  return { id: freeId(name, points), name, description: '', colour: PALETTE[points.length % PALETTE.length]!, partner: null, mayBeAbsent: false };
}

export function movePoint(points: readonly TemplatePoint[], index: number, delta: number): TemplatePoint[] {
  const to = index + delta;
  if (to < 0 || to >= points.length) return [...points];
  const next = [...points];
  const [moved] = next.splice(index, 1);
  next.splice(to, 0, moved!);
  return next;
}

/** Removes a point and the partner links that named it. */
export function removePoint(points: readonly TemplatePoint[], index: number): TemplatePoint[] {
  const gone = points[index]?.id;
  return points.filter((_, i) => i !== index).map((p) => (p.partner === gone ? { ...p, partner: null } : p));
}

/** Pairs two points (both name each other); their previous partners are left without one. `partner` null unpairs. */
export function setPartner(points: readonly TemplatePoint[], index: number, partner: string | null): TemplatePoint[] {
  const self = points[index];
  if (!self) return [...points];
  const oldPartners = new Set([self.partner, partner === null ? null : (points.find((p) => p.id === partner)?.partner ?? null)].filter((id): id is string => id !== null));
  return points.map((p) => {
    if (p.id === self.id) return { ...p, partner };
    if (partner !== null && p.id === partner) return { ...p, partner: self.id };
    if (oldPartners.has(p.id) || p.partner === self.id) return { ...p, partner: null };
    return p;
  });
}

export function updatePoint(points: readonly TemplatePoint[], index: number, patch: Partial<Omit<TemplatePoint, 'id' | 'partner'>>): TemplatePoint[] {
  return points.map((p, i) => (i === index ? { ...p, ...patch } : p));
}

/** Points of `before` that `after` no longer has and that have annotations: what the host refuses to drop silently. */
export function annotatedRemovals(before: readonly TemplatePoint[], after: readonly TemplatePoint[], counts: Readonly<Record<string, number>>): string[] {
  const kept = new Set(after.map((p) => p.id));
  return before.filter((p) => !kept.has(p.id) && (counts[p.id] ?? 0) > 0).map((p) => p.id);
}
