import { describe, expect, it } from 'vitest';
import { SLICER_SCHEMA, writeSlicer } from '../../../app/annotations/formats/slicer';
import { tiny } from './fixtures';

/**
 * The constraints of 3D Slicer's markups-schema-v1.0.3.json (Slicer/Slicer,
 * Modules/Loadable/Markups/Resources/Schema/) that apply to a point list, transcribed by hand: the required fields,
 * types, enums and array lengths. additionalProperties is true throughout that schema, so our extra "cxr" objects
 * are allowed.
 *
 * One recorded exception: positionStatus "missing". Slicer writes and reads it (vtkMRMLMarkupsNode::PositionMissing,
 * GetPositionStatusAsString → "missing") for points that must not be placed, but the published v1.0.3 schema's enum
 * still lists only undefined/preview/defined. We follow what Slicer does.
 */
type Rule =
  | { type: 'object'; required?: string[]; properties?: Record<string, Rule> }
  | { type: 'array'; items?: Rule; minItems?: number; maxItems?: number }
  | { type: 'string'; enum?: string[] }
  | { type: 'number'; minimum?: number; maximum?: number }
  | { type: 'boolean' }
  | { anyOf: Rule[] };

const num: Rule = { type: 'number' };
const vec = (n: number, item: Rule = num): Rule => ({ type: 'array', items: item, minItems: n, maxItems: n });
const unit = { type: 'number', minimum: 0, maximum: 1 } as const;
const POSITION_STATUS = ['undefined', 'preview', 'defined'];

const schema: Rule = {
  type: 'object',
  required: ['@schema', 'markups'],
  properties: {
    '@schema': { type: 'string' },
    markups: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { type: 'string', enum: ['Fiducial', 'Line', 'Angle', 'Curve', 'ClosedCurve', 'Plane', 'ROI'] },
          name: { type: 'string' },
          coordinateSystem: { type: 'string', enum: ['LPS', 'RAS'] },
          coordinateUnits: { anyOf: [{ type: 'string', enum: ['mm', 'um'] }, vec(3, { type: 'string' })] },
          locked: { type: 'boolean' },
          fixedNumberOfControlPoints: { type: 'boolean' },
          labelFormat: { type: 'string' },
          controlPoints: {
            type: 'array',
            items: {
              type: 'object',
              required: [],
              properties: {
                id: { type: 'string' },
                label: { type: 'string' },
                description: { type: 'string' },
                associatedNodeID: { type: 'string' },
                position: vec(3),
                orientation: vec(9),
                selected: { type: 'boolean' },
                locked: { type: 'boolean' },
                visibility: { type: 'boolean' },
                positionStatus: { type: 'string', enum: [...POSITION_STATUS, 'missing'] },
              },
            },
          },
          measurements: { type: 'array' },
          display: {
            type: 'object',
            required: [],
            properties: {
              visibility: { type: 'boolean' },
              opacity: unit,
              color: vec(3, unit),
              selectedColor: vec(3, unit),
              activeColor: vec(3, unit),
              propertiesLabelVisibility: { type: 'boolean' },
              pointLabelsVisibility: { type: 'boolean' },
              textScale: { type: 'number', minimum: 0 },
              glyphType: {
                type: 'string',
                enum: ['Vertex2D', 'Dash2D', 'Cross2D', 'ThickCross2D', 'Triangle2D', 'Square2D', 'Circle2D', 'Diamond2D', 'Arrow2D', 'ThickArrow2D', 'HookedArrow2D', 'StarBurst2D', 'Sphere3D', 'Diamond3D'],
              },
              glyphScale: { type: 'number', minimum: 0 },
              glyphSize: { type: 'number', minimum: 0 },
              useGlyphScale: { type: 'boolean' },
              sliceProjection: { type: 'boolean' },
              handlesInteractive: { type: 'boolean' },
              snapMode: { type: 'string', enum: ['unconstrained', 'toVisibleSurface'] },
            },
          },
        },
      },
    },
  },
};

function validate(value: unknown, rule: Rule, where = '$'): string[] {
  if ('anyOf' in rule) return rule.anyOf.some((r) => validate(value, r, where).length === 0) ? [] : [`${where}: matches none of anyOf`];
  switch (rule.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where}: not an object`];
      const o = value as Record<string, unknown>;
      const errors = (rule.required ?? []).filter((k) => !(k in o)).map((k) => `${where}: missing required "${k}"`);
      for (const [k, r] of Object.entries(rule.properties ?? {})) if (k in o) errors.push(...validate(o[k], r, `${where}.${k}`));
      return errors;
    }
    case 'array': {
      if (!Array.isArray(value)) return [`${where}: not an array`];
      const errors: string[] = [];
      if (rule.minItems !== undefined && value.length < rule.minItems) errors.push(`${where}: fewer than ${rule.minItems} items`);
      if (rule.maxItems !== undefined && value.length > rule.maxItems) errors.push(`${where}: more than ${rule.maxItems} items`);
      if (rule.items) value.forEach((v, i) => errors.push(...validate(v, rule.items!, `${where}[${i}]`)));
      return errors;
    }
    case 'string':
      if (typeof value !== 'string') return [`${where}: not a string`];
      return rule.enum && !rule.enum.includes(value) ? [`${where}: "${value}" not in ${rule.enum.join('|')}`] : [];
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return [`${where}: not a number`];
      if (rule.minimum !== undefined && value < rule.minimum) return [`${where}: below ${rule.minimum}`];
      if (rule.maximum !== undefined && value > rule.maximum) return [`${where}: above ${rule.maximum}`];
      return [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${where}: not a boolean`];
  }
}

describe('3D Slicer .mrk.json export', () => {
  it('satisfies the markups schema v1.0.3 (required fields, types, enums, lengths)', () => {
    const file = JSON.parse(writeSlicer(tiny));
    expect(validate(file, schema)).toEqual([]);
    expect(file['@schema']).toBe(SLICER_SCHEMA);
    // The validator is not vacuous: breaking a required field or an enum is caught.
    expect(validate({ markups: [{ controlPoints: [{ position: [1, 2] }] }] }, schema)).toEqual([
      '$: missing required "@schema"',
      '$.markups[0]: missing required "type"',
      '$.markups[0].controlPoints[0].position: fewer than 3 items',
    ]);
  });

  it('uses only the schema enum values except "missing", which only absent points get', () => {
    const file = JSON.parse(writeSlicer(tiny));
    const statuses = file.markups.flatMap((m: { controlPoints: { positionStatus: string }[] }) => m.controlPoints.map((c) => c.positionStatus));
    expect(new Set(statuses)).toEqual(new Set(['defined', 'undefined', 'missing']));
    const absent = tiny.annotations.filter((a) => a.state === 'absent').length;
    expect(statuses.filter((s: string) => !POSITION_STATUS.includes(s))).toHaveLength(absent);
  });
});
