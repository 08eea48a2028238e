import type { ExportDocument } from '../../../app/annotations/formats/types';

export const T = '2024-01-02T03:04:05.000Z';

/** The tiny case every format is checked on: two images, two annotators, a placed, an absent and an unlabelled point. */
export const tiny: ExportDocument = {
  generator: 'CXR Anatomy Studio test',
  exportedAt: '2024-05-06T07:08:09.000Z',
  dataset: 'Tiny',
  template: {
    name: 'Tiny template',
    points: [
      { id: 'a_left', name: 'A left', description: 'left A', colour: '#ff0000', partner: 'a_right', mayBeAbsent: false },
      { id: 'a_right', name: 'A right', description: 'right A', colour: '#00ff00', partner: 'a_left', mayBeAbsent: false },
      { id: 'mid', name: 'Middle', description: '', colour: '#0000ff', partner: null, mayBeAbsent: true },
    ],
  },
  images: [
    { file: 'one.png', width: 10, height: 20 },
    { file: 'two, "x".png', width: 4, height: 4 },
  ],
  annotations: [
    { file: 'one.png', landmark: 'a_left', annotator: 'alice', state: 'placed', x: 1.5, y: 2, locked: true, suggestion: null, updatedAt: T },
    { file: 'one.png', landmark: 'mid', annotator: 'alice', state: 'absent', x: null, y: null, locked: false, suggestion: null, updatedAt: T },
    {
      file: 'two, "x".png',
      landmark: 'a_right',
      annotator: 'bob',
      state: 'placed',
      x: 0,
      y: 3,
      locked: false,
      suggestion: { x: 0.25, y: 2.5, confidence: 0.5, source: 'atlas' },
      updatedAt: T,
    },
  ],
  statuses: [{ file: 'one.png', annotator: 'alice', status: 'done', secondsSpent: 12.5, updatedAt: T }],
};
