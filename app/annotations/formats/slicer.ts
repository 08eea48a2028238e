import { z } from 'zod';
import { FormatError, describeZodIssues } from './errors';
import { parseJsonText } from './json';
import type { ExportDocument, ParsedAnnotation, ParsedDocument } from './types';

/**
 * 3D Slicer Markups JSON (.mrk.json, schema v1.0.3): one Fiducial (point list) markup per image and annotator, named
 * by the image file name, with every template point as a control point in template order (fixedNumberOfControlPoints,
 * so Slicer keeps the template's shape): id = point id, label = point name, description = point description.
 * positionStatus: "defined" (placed), "missing" (absent: Slicer's PositionMissing, "placement should not be
 * attempted"), "undefined" (not labelled yet — Slicer lets the user place it).
 *
 * Coordinates: pixels written as millimetres, LPS, z = 0. A PNG loaded into Slicer gets spacing 1 mm, origin 0 and
 * LPS axes along columns and rows, so (x, y, 0) lands exactly on pixel (column x, row y). For DICOM with a real pixel
 * spacing and origin the points need that transform applied; the file says so in `cxr.note`.
 *
 * Note on "missing": Slicer itself writes and reads it (vtkMRMLMarkupsNode::PositionMissing), but the published
 * markups-schema-v1.0.3.json still lists only undefined/preview/defined; the schema test records this one exception.
 */

export const SLICER_SCHEMA = 'https://raw.githubusercontent.com/slicer/slicer/master/Modules/Loadable/Markups/Resources/Schema/markups-schema-v1.0.3.json#';
export const SLICER_NOTE =
  'Positions are pixel coordinates of the original image (x = column, y = row, integers at pixel centres) written as mm with 1 mm = 1 pixel, z = 0. They overlay the image in 3D Slicer when it is loaded with spacing 1 mm and origin 0 (as PNG/JPEG are); apply the DICOM pixel spacing and origin for physical positions.';
const ORIENTATION = [-1, 0, 0, 0, -1, 0, 0, 0, 1];

function hexToRgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => Math.round((parseInt(hex.slice(i, i + 2), 16) / 255) * 1000) / 1000) as [number, number, number];
}

export function writeSlicer(doc: ExportDocument): string {
  const points = doc.template.points;
  const groups = new Map<string, { file: string; annotator: string; byLandmark: Map<string, ExportDocument['annotations'][number]> }>();
  for (const a of doc.annotations) {
    const key = `${a.file}\u0000${a.annotator}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { file: a.file, annotator: a.annotator, byLandmark: new Map() }));
    g.byLandmark.set(a.landmark, a);
  }
  const colour = hexToRgb(points[0]?.colour ?? '#f3c300');
  const markups = [...groups.values()].map((g) => ({
    type: 'Fiducial',
    name: g.file,
    coordinateSystem: 'LPS',
    coordinateUnits: 'mm',
    locked: false,
    fixedNumberOfControlPoints: true,
    labelFormat: '%N-%d',
    controlPoints: points.map((p) => {
      const a = g.byLandmark.get(p.id);
      return {
        id: p.id,
        label: p.name,
        description: p.description,
        associatedNodeID: '',
        position: a?.state === 'placed' ? [a.x!, a.y!, 0] : [0, 0, 0],
        orientation: ORIENTATION,
        selected: true,
        locked: a?.locked ?? false,
        visibility: true,
        positionStatus: a === undefined ? 'undefined' : a.state === 'placed' ? 'defined' : 'missing',
      };
    }),
    measurements: [],
    display: {
      visibility: true,
      opacity: 1.0,
      color: colour,
      selectedColor: colour,
      activeColor: [0.4, 1.0, 0.0],
      propertiesLabelVisibility: false,
      pointLabelsVisibility: true,
      textScale: 3.0,
      glyphType: 'Sphere3D',
      glyphScale: 1.0,
      glyphSize: 5.0,
      useGlyphScale: true,
      sliceProjection: false,
      handlesInteractive: false,
      snapMode: 'toVisibleSurface',
    },
    cxr: { annotator: g.annotator, image: g.file },
  }));
  const file = { '@schema': SLICER_SCHEMA, markups, cxr: { note: SLICER_NOTE, template: doc.template.name, dataset: doc.dataset, exportedAt: doc.exportedAt } };
  return `${JSON.stringify(file, null, 1)}\n`;
}

const ControlPoint = z.looseObject({
  id: z.string().optional(),
  label: z.string().optional(),
  description: z.string().optional(),
  position: z.array(z.number()).length(3).optional(),
  locked: z.boolean().optional(),
  positionStatus: z.string().optional(),
});

const MarkupsFile = z.looseObject({
  '@schema': z.string().refine((s) => s.includes('markups-schema'), 'is not a 3D Slicer markups schema URL'),
  markups: z.array(
    z.looseObject({
      type: z.string(),
      name: z.string().optional(),
      coordinateSystem: z.enum(['LPS', 'RAS']).optional(),
      coordinateUnits: z.unknown().optional(),
      controlPoints: z.array(ControlPoint).default([]),
      cxr: z.looseObject({ annotator: z.string().optional(), image: z.string().optional() }).optional(),
    }),
  ),
});

export function parseSlicer(text: string): ParsedDocument {
  const parsed = MarkupsFile.safeParse(parseJsonText(text, '3D Slicer markups'));
  if (!parsed.success) throw new FormatError(`The .mrk.json file is not valid: ${describeZodIssues(parsed.error)}`);
  const hints: ParsedDocument['landmarks'][number][] = [];
  const seen = new Set<string>();
  const annotations: ParsedAnnotation[] = [];
  parsed.data.markups.forEach((m, i) => {
    if (m.type !== 'Fiducial') return;
    const file = (m.cxr?.image ?? m.name ?? '').trim();
    if (!file) throw new FormatError(`markups[${i}]: the point list has no name; it must be named by the image file name.`);
    const units = m.coordinateUnits;
    if (units !== undefined && units !== 'mm' && !(Array.isArray(units) && units[0] === 'mm')) {
      throw new FormatError(`markups[${i}] ("${file}"): coordinateUnits ${JSON.stringify(units)} is not supported; positions must be in mm (= pixels).`);
    }
    // RAS flips x and y relative to LPS; pixel coordinates are LPS (see the module comment).
    const sign = m.coordinateSystem === 'RAS' ? -1 : 1;
    m.controlPoints.forEach((cp, j) => {
      const where = `markups[${i}].controlPoints[${j}]`;
      const key = (cp.id ?? '').trim() || (cp.label ?? '').trim();
      if (!key) throw new FormatError(`${where} ("${file}"): the control point has neither an id nor a label.`);
      if (!seen.has(key)) {
        seen.add(key);
        hints.push({ key, name: cp.label?.trim() || key, description: cp.description ?? '' });
      }
      const status = cp.positionStatus ?? 'defined';
      if (status === 'undefined' || status === 'preview') return;
      if (status !== 'defined' && status !== 'missing') throw new FormatError(`${where} ("${file}"): unknown positionStatus "${status}".`);
      if (status === 'defined' && !cp.position) throw new FormatError(`${where} ("${file}"): a defined point needs a position.`);
      annotations.push({
        file,
        landmark: key,
        annotator: m.cxr?.annotator?.trim() || null,
        state: status === 'defined' ? 'placed' : 'absent',
        x: status === 'defined' ? sign * cp.position![0]! : null,
        y: status === 'defined' ? sign * cp.position![1]! : null,
        locked: cp.locked ?? false,
        where,
      });
    });
  });
  return { landmarks: hints, images: [], annotations, statuses: [] };
}
