import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Dataset, ImageSummary } from '../../../../app/api/contract';
import { Modal } from '../../common/Modal';
import { formatCount } from '../../common/format';
import { useElementSize } from '../browse/useElementSize';
import { STATUS_LABELS } from '../browse/filters';
import { stepIndex } from '../browse/paging';
import type { ImagePages } from '../browse/useImagePages';
import { MetadataPanel } from './MetadataPanel';
import type { CachedPixels } from './pixels';
import { useImageData } from './useImageData';
import { effectiveView, ViewerStage, type Tool } from './ViewerStage';
import { ViewerToolbar } from './ViewerToolbar';
import { oneToOne, type Viewport } from './viewport';
import { formatUnits, histogram, presetWindow, windowToModality, type PresetName, type Window } from './windowLevel';

interface ImageViewerProps {
  readonly dataset: Dataset;
  readonly pages: ImagePages & { version: number };
  readonly index: number;
  onIndexChange(index: number): void;
  onClose(): void;
}

const PRESET_KEYS: Record<string, PresetName> = { '1': 'default', '2': 'full', '3': 'lung', '4': 'bone' };

function fileWindowOf(metadata: Record<string, unknown> | undefined): Window | null {
  const w = metadata?.defaultWindow as { center?: unknown; width?: unknown } | null | undefined;
  return w && typeof w.center === 'number' && typeof w.width === 'number' && w.width > 0 ? { center: w.center, width: w.width } : null;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/**
 * Full-window viewer for one image of the current filtered order: window/level, zoom, pan, invert, metadata, and
 * ←/→ through the order. Escape closes.
 */
export function ImageViewer({ dataset, pages, index, onIndexChange, onClose }: ImageViewerProps) {
  const titleId = useId();
  const total = pages.total ?? 0;
  const [image, setImage] = useState<ImageSummary | undefined>(() => pages.at(index));
  useEffect(() => {
    let live = true;
    const cached = pages.at(index);
    if (cached) setImage(cached);
    else void pages.load(index).then((loaded) => live && loaded && setImage(loaded));
    return () => {
      live = false;
    };
  }, [pages, index]);

  const { id: shownId, detail, pixels, pixelError, detailError, loadingPixels } = useImageData(image);
  const stageRef = useRef<HTMLDivElement>(null);
  const stageSize = useElementSize(stageRef);
  // Start with the keyboard on the image (arrows, Space to pan, 1-4, I, F), not on the first toolbar button.
  useEffect(() => stageRef.current?.focus(), []);

  const bins = useMemo(() => (pixels ? histogram(pixels.samples, pixels.bits) : null), [pixels]);
  const fileWindow = fileWindowOf(detail?.metadata);
  const voiApplied = dataset.settings.depth === 8;
  const presetOf = (name: PresetName): Window | null =>
    pixels && bins ? presetWindow(name, { units: pixels, bins, fileWindow, voiApplied }) : null;

  // Window and view belong to the pixels they were set on: a new image starts at its default window, fitted.
  // Inversion and the mouse tool carry over from image to image.
  const [display, setDisplay] = useState<{ pixels: CachedPixels | undefined; preset: PresetName | null; custom: Window | null; view: Viewport | 'fit' }>({
    pixels: undefined,
    preset: 'default',
    custom: null,
    view: 'fit',
  });
  const own = display.pixels === pixels ? display : { pixels, preset: 'default' as PresetName | null, custom: null, view: 'fit' as const };
  const update = (patch: Partial<Omit<typeof display, 'pixels'>>) => setDisplay({ ...own, ...patch, pixels });
  const { preset, custom: customWindow, view } = own;
  const setView = (next: Viewport | 'fit') => update({ view: next });
  const [invert, setInvert] = useState(false);
  const [tool, setTool] = useState<Tool>('window');
  const [spaceHeld, setSpaceHeld] = useState(false);

  const activeWindow = customWindow ?? (preset ? presetOf(preset) : null);
  const current = pixels ? effectiveView(view, pixels, stageSize) : null;

  const go = (step: number) => {
    const next = stepIndex(index, step, total);
    if (next !== null) onIndexChange(next);
  };

  const choosePreset = (name: PresetName) => update({ preset: name, custom: null });

  const onKeyDown = (e: React.KeyboardEvent<HTMLDialogElement>) => {
    if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      go(e.key === 'ArrowLeft' ? -1 : 1);
    } else if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      setSpaceHeld(true);
    } else if (!pixels) {
      return;
    } else if (PRESET_KEYS[e.key]) {
      choosePreset(PRESET_KEYS[e.key]!);
    } else if (e.key === 'i' || e.key === 'I') {
      setInvert((v) => !v);
    } else if (e.key === 'f' || e.key === 'F') {
      setView('fit');
    }
  };

  useEffect(() => {
    const up = (e: KeyboardEvent) => {
      if (e.key === ' ') setSpaceHeld(false);
    };
    const blur = () => setSpaceHeld(false);
    globalThis.addEventListener('keyup', up);
    globalThis.addEventListener('blur', blur);
    return () => {
      globalThis.removeEventListener('keyup', up);
      globalThis.removeEventListener('blur', blur);
    };
  }, []);

  const windowText =
    pixels && activeWindow
      ? (() => {
          const m = windowToModality(activeWindow, pixels);
          const range = pixels.hi - pixels.lo;
          return `W ${formatUnits(m.width, range)} · L ${formatUnits(m.center, range)}`;
        })()
      : 'W — · L —';

  const name = image?.fileName ?? 'Loading…';
  const label = image ? `${image.fileName}, image ${formatCount(index + 1)} of ${formatCount(total)}` : 'Loading image';

  return (
    <Modal labelledBy={titleId} className="viewer" onClose={onClose} onKeyDown={onKeyDown}>
      <header className="viewer-header">
        <h2 id={titleId} className="viewer-title" title={image?.sourcePath}>
          {name}
        </h2>
        {image && image.status !== 'ok' && <span className={`tile-badge inline badge-${image.status}`}>{STATUS_LABELS[image.status]}</span>}
        <span className="viewer-position" data-testid="viewer-position">
          {formatCount(index + 1)} / {formatCount(total)}
        </span>
        <div className="tool-group" role="group" aria-label="Navigate">
          <button type="button" onClick={() => go(-1)} disabled={index <= 0} title="Previous image (←)">
            ‹ Previous
          </button>
          <button type="button" onClick={() => go(1)} disabled={index >= total - 1} title="Next image (→)">
            Next ›
          </button>
        </div>
        <button type="button" className="viewer-close" onClick={onClose} title="Close (Esc)">
          Close
        </button>
      </header>
      <ViewerToolbar
        enabled={pixels !== undefined}
        preset={customWindow ? null : preset}
        invert={invert}
        tool={tool}
        fitted={view === 'fit'}
        zoomPercent={current ? Math.round(current.scale * 100) : null}
        windowText={windowText}
        onPreset={choosePreset}
        onInvert={() => setInvert((v) => !v)}
        onTool={setTool}
        onFit={() => setView('fit')}
        onOneToOne={() => current && setView(oneToOne(current, stageSize))}
      />
      <div className="viewer-body">
        <div
          ref={stageRef}
          className={`viewer-stage${loadingPixels ? ' loading' : ''}`}
          tabIndex={0}
          role="group"
          aria-label="Image. Arrow keys: previous and next image; 1 to 4: window presets; I: invert; F: fit."
        >
          {pixels && activeWindow ? (
            <ViewerStage
              size={stageSize}
              pixels={pixels}
              window={activeWindow}
              invert={invert}
              view={view}
              tool={tool}
              spaceHeld={spaceHeld}
              label={label}
              onWindow={(w) => update({ custom: w })}
              onView={setView}
              onFit={() => setView('fit')}
            />
          ) : (
            <p className="viewer-message" role={pixelError ? 'alert' : undefined}>
              {pixelError ?? 'Loading pixels…'}
            </p>
          )}
        </div>
        {image && <MetadataPanel image={image} detail={shownId === image.id ? detail : undefined} error={shownId === image.id ? detailError : undefined} />}
      </div>
    </Modal>
  );
}
