import type { ReactNode } from 'react';
import { PRESET_LABELS, type PresetName } from './windowLevel';
import type { Display } from './useDisplay';
import type { Tool } from './ViewerStage';

interface ViewerToolbarProps {
  readonly enabled: boolean;
  /** Window preset, fitted or not, and the window/level text. */
  readonly display: Display;
  readonly invert: boolean;
  readonly tool: Tool;
  /** The mouse tools offered, in order (default: window and pan). */
  readonly tools?: readonly Tool[];
  readonly zoomPercent: number | null;
  /** The key that zooms to 1:1, for the button's tooltip. */
  readonly oneToOneKey?: string;
  onInvert(): void;
  onTool(tool: Tool): void;
  onOneToOne(): void;
  /** Extra controls before the window/level readout. */
  readonly children?: ReactNode;
}

const TOOL_LABELS: Record<Tool, string> = { place: 'Place', window: 'Window', pan: 'Pan' };
const TOOL_HELP: Record<Tool, string> = {
  place: 'Click: place the current landmark; drag a point to move it',
  window: 'Drag: horizontal = width, vertical = level',
  pan: 'Drag to pan (or drag with the middle button)',
};

const PRESETS: readonly PresetName[] = ['default', 'full', 'lung', 'bone'];
const PRESET_HELP: Record<PresetName, string> = {
  default: "The file's own window (VOI), or the full range when it has none (key 1)",
  full: 'The whole cached range (key 2)',
  lung: 'Darker values stretched: 2nd–65th percentile of this image (key 3)',
  bone: 'Brighter values stretched: 35th–99.5th percentile of this image (key 4)',
};

/** Window presets, inversion, tools and zoom; the current window and level in modality units. */
export function ViewerToolbar(props: ViewerToolbarProps) {
  const { enabled, display, invert, tool, zoomPercent } = props;
  return (
    <div className="viewer-tools" role="toolbar" aria-label="Viewer tools">
      <div className="tool-group" role="group" aria-label="Window presets">
        {PRESETS.map((p) => (
          <button key={p} type="button" aria-pressed={display.preset === p} disabled={!enabled} title={PRESET_HELP[p]} onClick={() => display.choosePreset(p)}>
            {PRESET_LABELS[p]}
          </button>
        ))}
      </div>
      <button type="button" aria-pressed={invert} disabled={!enabled} title="Invert the gray scale (key I)" onClick={props.onInvert}>
        Invert
      </button>
      <div className="tool-group" role="group" aria-label="Mouse tool">
        {(props.tools ?? (['window', 'pan'] as const)).map((t) => (
          <button key={t} type="button" aria-pressed={tool === t} disabled={!enabled} title={TOOL_HELP[t]} onClick={() => props.onTool(t)}>
            {TOOL_LABELS[t]}
          </button>
        ))}
      </div>
      <div className="tool-group" role="group" aria-label="Zoom">
        <button type="button" aria-pressed={display.view === 'fit'} disabled={!enabled} title="Fit the image to the window (key F, or double-click)" onClick={() => display.setView('fit')}>
          Fit
        </button>
        <button type="button" disabled={!enabled} title={props.oneToOneKey ? `One cached pixel per screen pixel (key ${props.oneToOneKey})` : 'One cached pixel per screen pixel'} onClick={props.onOneToOne}>
          1:1
        </button>
        <span className="zoom-readout" aria-label="Zoom" data-testid="zoom-readout">
          {zoomPercent === null ? '—' : `${zoomPercent}%`}
        </span>
      </div>
      {props.children}
      <output className="wl-readout" aria-label="Window and level" data-testid="wl-readout">
        {display.windowText}
      </output>
    </div>
  );
}
