import { useMemo, useState } from 'react';
import type { CachedPixels } from './pixels';
import type { Viewport } from './viewport';
import { formatUnits, histogram, presetWindow, windowToModality, type PresetName, type Window } from './windowLevel';

/** Keys 1–4 choose the window presets in every viewer. */
export const PRESET_KEYS: Readonly<Record<string, PresetName>> = { '1': 'default', '2': 'full', '3': 'lung', '4': 'bone' };

export function fileWindowOf(metadata: Record<string, unknown> | undefined): Window | null {
  const w = metadata?.defaultWindow as { center?: unknown; width?: unknown } | null | undefined;
  return w && typeof w.center === 'number' && typeof w.width === 'number' && w.width > 0 ? { center: w.center, width: w.width } : null;
}

export interface Display {
  /** The preset in use, or null after a manual window drag. */
  readonly preset: PresetName | null;
  readonly window: Window | null;
  readonly view: Viewport | 'fit';
  /** "W 400 · L 40" in modality units. */
  readonly windowText: string;
  choosePreset(name: PresetName): void;
  setWindow(window: Window): void;
  setView(view: Viewport | 'fit'): void;
}

interface State {
  readonly pixels: CachedPixels | undefined;
  readonly preset: PresetName | null;
  readonly custom: Window | null;
  readonly view: Viewport | 'fit';
}

/**
 * Window and view of the image on screen. They belong to the pixels they were set on: a new image starts at its default
 * window, fitted. `metadata` is the image detail's metadata (the file's own VOI window); `voiApplied` is true when the
 * cache already holds the display rendering (8-bit datasets).
 */
export function useDisplay(pixels: CachedPixels | undefined, metadata: Record<string, unknown> | undefined, voiApplied: boolean): Display {
  const bins = useMemo(() => (pixels ? histogram(pixels.samples, pixels.bits) : null), [pixels]);
  const fileWindow = fileWindowOf(metadata);
  const [state, setState] = useState<State>({ pixels: undefined, preset: 'default', custom: null, view: 'fit' });
  const own: State = state.pixels === pixels ? state : { pixels, preset: 'default', custom: null, view: 'fit' };
  const update = (patch: Partial<Omit<State, 'pixels'>>) => setState({ ...own, ...patch, pixels });

  const presetOf = (name: PresetName): Window | null => (pixels && bins ? presetWindow(name, { units: pixels, bins, fileWindow, voiApplied }) : null);
  const window = own.custom ?? (own.preset ? presetOf(own.preset) : null);
  let windowText = 'W — · L —';
  if (pixels && window) {
    const m = windowToModality(window, pixels);
    const range = pixels.hi - pixels.lo;
    windowText = `W ${formatUnits(m.width, range)} · L ${formatUnits(m.center, range)}`;
  }
  return {
    preset: own.custom ? null : own.preset,
    window,
    view: own.view,
    windowText,
    choosePreset: (name) => update({ preset: name, custom: null }),
    setWindow: (w) => update({ custom: w }),
    setView: (view) => update({ view }),
  };
}
