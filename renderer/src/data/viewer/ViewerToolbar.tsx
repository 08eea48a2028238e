import { PRESET_LABELS, type PresetName } from './windowLevel';
import type { Tool } from './ViewerStage';

interface ViewerToolbarProps {
  readonly enabled: boolean;
  readonly preset: PresetName | null;
  readonly invert: boolean;
  readonly tool: Tool;
  readonly fitted: boolean;
  readonly zoomPercent: number | null;
  readonly windowText: string;
  onPreset(preset: PresetName): void;
  onInvert(): void;
  onTool(tool: Tool): void;
  onFit(): void;
  onOneToOne(): void;
}

const PRESETS: readonly PresetName[] = ['default', 'full', 'lung', 'bone'];
const PRESET_HELP: Record<PresetName, string> = {
  default: "The file's own window (VOI), or the full range when it has none (key 1)",
  full: 'The whole cached range (key 2)',
  lung: 'Darker values stretched: 2nd–65th percentile of this image (key 3)',
  bone: 'Brighter values stretched: 35th–99.5th percentile of this image (key 4)',
};

/** Window presets, inversion, tools and zoom; the current window and level in modality units. */
export function ViewerToolbar(props: ViewerToolbarProps) {
  const { enabled, preset, invert, tool, fitted, zoomPercent, windowText } = props;
  return (
    <div className="viewer-tools" role="toolbar" aria-label="Viewer tools">
      <div className="tool-group" role="group" aria-label="Window presets">
        {PRESETS.map((p) => (
          <button key={p} type="button" aria-pressed={preset === p} disabled={!enabled} title={PRESET_HELP[p]} onClick={() => props.onPreset(p)}>
            {PRESET_LABELS[p]}
          </button>
        ))}
      </div>
      <button type="button" aria-pressed={invert} disabled={!enabled} title="Invert the gray scale (key I)" onClick={props.onInvert}>
        Invert
      </button>
      <div className="tool-group" role="group" aria-label="Mouse tool">
        <button type="button" aria-pressed={tool === 'window'} disabled={!enabled} title="Drag: horizontal = width, vertical = level" onClick={() => props.onTool('window')}>
          Window
        </button>
        <button type="button" aria-pressed={tool === 'pan'} disabled={!enabled} title="Drag to pan (or hold Space, or use the middle button)" onClick={() => props.onTool('pan')}>
          Pan
        </button>
      </div>
      <div className="tool-group" role="group" aria-label="Zoom">
        <button type="button" aria-pressed={fitted} disabled={!enabled} title="Fit the image to the window (key F, or double-click)" onClick={props.onFit}>
          Fit
        </button>
        <button type="button" disabled={!enabled} title="One cached pixel per screen pixel" onClick={props.onOneToOne}>
          1:1
        </button>
        <span className="zoom-readout" aria-label="Zoom" data-testid="zoom-readout">
          {zoomPercent === null ? '—' : `${zoomPercent}%`}
        </span>
      </div>
      <output className="wl-readout" aria-label="Window and level" data-testid="wl-readout">
        {windowText}
      </output>
    </div>
  );
}
