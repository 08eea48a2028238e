import type { PresetName } from '../data/viewer/windowLevel';

/** Everything a key can do in the annotator. */
export type Action =
  | { type: 'skip' }
  | { type: 'previousLandmark' }
  | { type: 'nextLandmark' }
  | { type: 'clear' }
  | { type: 'absent' }
  | { type: 'lock' }
  | { type: 'nudge'; dx: number; dy: number }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'nextImage' }
  | { type: 'previousImage' }
  | { type: 'enter' }
  | { type: 'done' }
  | { type: 'skipImage' }
  | { type: 'suggest' }
  | { type: 'fit' }
  | { type: 'oneToOne' }
  | { type: 'zoomLandmark' }
  | { type: 'zoomIn' }
  | { type: 'zoomOut' }
  | { type: 'invert' }
  | { type: 'preset'; preset: PresetName }
  | { type: 'labels' }
  | { type: 'loupe' }
  | { type: 'help' };

export interface KeyLike {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

/** Keys that operate buttons and move focus: on a focused control they keep their usual meaning. */
const CONTROL_KEYS = new Set([' ', 'Enter', 'Tab', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Backspace']);

const PLAIN: Readonly<Record<string, Action>> = {
  ' ': { type: 'skip' },
  Tab: { type: 'skip' },
  ArrowUp: { type: 'previousLandmark' },
  '[': { type: 'previousLandmark' },
  ArrowDown: { type: 'nextLandmark' },
  ']': { type: 'nextLandmark' },
  Backspace: { type: 'clear' },
  Delete: { type: 'clear' },
  a: { type: 'absent' },
  l: { type: 'lock' },
  n: { type: 'nextImage' },
  PageDown: { type: 'nextImage' },
  ArrowRight: { type: 'nextImage' },
  p: { type: 'previousImage' },
  PageUp: { type: 'previousImage' },
  ArrowLeft: { type: 'previousImage' },
  Enter: { type: 'enter' },
  d: { type: 'done' },
  s: { type: 'skipImage' },
  g: { type: 'suggest' },
  f: { type: 'fit' },
  '0': { type: 'oneToOne' },
  z: { type: 'zoomLandmark' },
  '+': { type: 'zoomIn' },
  '=': { type: 'zoomIn' },
  '-': { type: 'zoomOut' },
  i: { type: 'invert' },
  '1': { type: 'preset', preset: 'default' },
  '2': { type: 'preset', preset: 'full' },
  '3': { type: 'preset', preset: 'lung' },
  '4': { type: 'preset', preset: 'bone' },
  t: { type: 'labels' },
  m: { type: 'loupe' },
  '?': { type: 'help' },
};

const NUDGE: Readonly<Record<string, [number, number]>> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * The action of a key press, or null. `onControl`: the focus is on a button or similar, where Space, Enter, Tab and the
 * arrows keep their usual meaning (the image itself has the focus while annotating).
 */
export function actionFor(e: KeyLike, onControl = false): Action | null {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (onControl && CONTROL_KEYS.has(e.key)) return null;
  if (e.ctrlKey || e.metaKey) {
    if (e.altKey) return null;
    if (key === 'z') return { type: e.shiftKey ? 'redo' : 'undo' };
    if (key === 'y' && !e.shiftKey) return { type: 'redo' };
    return null;
  }
  if (e.altKey) return null;
  if (e.shiftKey) {
    if (e.key === 'Tab') return { type: 'previousLandmark' };
    const nudge = NUDGE[e.key];
    if (nudge) return { type: 'nudge', dx: nudge[0], dy: nudge[1] };
    // Shifted characters ("?", "+") arrive as themselves; shifted letters are not shortcuts.
    if (e.key.length === 1 && /[a-z]/i.test(e.key)) return null;
  }
  return PLAIN[key] ?? null;
}

/** The shortcut sheet (`?`), grouped; the keys are those actionFor understands. */
export const SHORTCUT_SHEET: readonly { readonly group: string; readonly items: readonly (readonly [keys: string, what: string])[] }[] = [
  {
    group: 'Placing',
    items: [
      ['Click', 'Place the current landmark and go to the next unset one'],
      ['Drag a point', 'Move it (locked points stay put)'],
      ['Space / Tab', 'Skip the current landmark'],
      ['↑ ↓ or [ ]', 'Previous / next landmark'],
      ['Shift + arrows', 'Nudge the current point by one pixel'],
      ['Backspace', 'Clear the current landmark'],
      ['A', 'Mark absent / not visible (again: unset)'],
      ['L', 'Lock / unlock the current point'],
      ['Ctrl+Z / Ctrl+Shift+Z', 'Undo / redo (every change of this image)'],
    ],
  },
  {
    group: 'Suggestions',
    items: [
      ['G', 'Suggest positions for the unset landmarks'],
      ['Enter', 'Accept all suggestions (without suggestions: mark done)'],
      ['Drag a ghost', 'Accept that one where you drop it'],
      ['Esc', 'Dismiss the suggestions'],
    ],
  },
  {
    group: 'Images',
    items: [
      ['Enter', 'Mark done and go to the next image, once every landmark is placed or absent'],
      ['D', 'Mark done (even with landmarks left unset) and go on'],
      ['S', 'Skip this image and go on'],
      ['N / PageDown / →', 'Next image'],
      ['P / PageUp / ←', 'Previous image'],
    ],
  },
  {
    group: 'View',
    items: [
      ['F', 'Fit the image'],
      ['0', 'One cached pixel per screen pixel (1:1)'],
      ['Z', 'Zoom around the current landmark'],
      ['+ / −, wheel', 'Zoom in / out'],
      ['Right-drag', 'Window / level'],
      ['Middle-drag', 'Pan (or drag on the image)'],
      ['1 – 4', 'Window presets: default, full range, lung, bone'],
      ['I', 'Invert'],
      ['T', 'Show / hide labels'],
      ['M', 'Magnifier on / off'],
      ['?', 'This sheet'],
    ],
  },
];
