import { describe, expect, it } from 'vitest';
import { actionFor, SHORTCUT_SHEET, type KeyLike } from '../../../renderer/src/annotate/keymap';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('annotator keyboard map', () => {
  it('maps the placement keys', () => {
    expect(actionFor(key(' '))).toEqual({ type: 'skip' });
    expect(actionFor(key('Tab'))).toEqual({ type: 'skip' });
    expect(actionFor(key('Tab', { shiftKey: true }))).toEqual({ type: 'previousLandmark' });
    expect(actionFor(key('Backspace'))).toEqual({ type: 'clear' });
    expect(actionFor(key('a'))).toEqual({ type: 'absent' });
    expect(actionFor(key('A'))).toEqual({ type: 'absent' });
    expect(actionFor(key('l'))).toEqual({ type: 'lock' });
    expect(actionFor(key('ArrowDown'))).toEqual({ type: 'nextLandmark' });
    expect(actionFor(key(']'))).toEqual({ type: 'nextLandmark' });
    expect(actionFor(key('ArrowLeft', { shiftKey: true }))).toEqual({ type: 'nudge', dx: -1, dy: 0 });
    expect(actionFor(key('ArrowDown', { shiftKey: true }))).toEqual({ type: 'nudge', dx: 0, dy: 1 });
  });

  it('undo and redo with Ctrl or Cmd; other modified keys are not shortcuts', () => {
    expect(actionFor(key('z', { ctrlKey: true }))).toEqual({ type: 'undo' });
    expect(actionFor(key('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ type: 'redo' });
    expect(actionFor(key('z', { metaKey: true, shiftKey: true }))).toEqual({ type: 'redo' });
    expect(actionFor(key('y', { ctrlKey: true }))).toEqual({ type: 'redo' });
    expect(actionFor(key('z'))).toEqual({ type: 'zoomLandmark' });
    expect(actionFor(key('a', { ctrlKey: true }))).toBeNull();
    expect(actionFor(key('n', { altKey: true }))).toBeNull();
    expect(actionFor(key('N', { shiftKey: true }))).toBeNull();
  });

  it('images, view and help', () => {
    for (const k of ['n', 'PageDown', 'ArrowRight']) expect(actionFor(key(k))).toEqual({ type: 'nextImage' });
    for (const k of ['p', 'PageUp', 'ArrowLeft']) expect(actionFor(key(k))).toEqual({ type: 'previousImage' });
    expect(actionFor(key('Enter'))).toEqual({ type: 'enter' });
    expect(actionFor(key('d'))).toEqual({ type: 'done' });
    expect(actionFor(key('s'))).toEqual({ type: 'skipImage' });
    expect(actionFor(key('g'))).toEqual({ type: 'suggest' });
    expect(actionFor(key('f'))).toEqual({ type: 'fit' });
    expect(actionFor(key('0'))).toEqual({ type: 'oneToOne' });
    expect(actionFor(key('3'))).toEqual({ type: 'preset', preset: 'lung' });
    expect(actionFor(key('t'))).toEqual({ type: 'labels' });
    expect(actionFor(key('?', { shiftKey: true }))).toEqual({ type: 'help' });
    expect(actionFor(key('+', { shiftKey: true }))).toEqual({ type: 'zoomIn' });
    expect(actionFor(key('x'))).toBeNull();
  });

  it('on a focused button, Space, Enter, Tab and the arrows keep their usual meaning; letters still work', () => {
    for (const k of [' ', 'Enter', 'Tab', 'ArrowUp', 'ArrowRight']) expect(actionFor(key(k), true)).toBeNull();
    expect(actionFor(key('a'), true)).toEqual({ type: 'absent' });
    expect(actionFor(key('z', { ctrlKey: true }), true)).toEqual({ type: 'undo' });
  });

  it('the shortcut sheet lists only keys the map understands', () => {
    const single = SHORTCUT_SHEET.flatMap((g) => g.items.map(([keys]) => keys)).filter((k) => /^[A-Z0-9?]$/.test(k));
    expect(single.length).toBeGreaterThan(8);
    for (const k of single) expect(actionFor(key(k.toLowerCase(), { shiftKey: k === '?' })), k).not.toBeNull();
  });
});
