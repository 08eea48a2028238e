import { useEffect, useId, useRef, useState } from 'react';
import type { Dataset, ImageSummary } from '../../../../app/api/contract';
import { Modal } from '../../common/Modal';
import { formatCount } from '../../common/format';
import { isTyping } from '../../common/keyboard';
import { useElementSize } from '../browse/useElementSize';
import { STATUS_LABELS } from '../browse/filters';
import { stepIndex } from '../browse/paging';
import type { ImagePages } from '../browse/useImagePages';
import { MetadataPanel } from './MetadataPanel';
import { PrevNext } from './PrevNext';
import { StageBox } from './StageBox';
import { useImageData } from './useImageData';
import { effectiveView, ViewerStage, type Tool } from './ViewerStage';
import { ViewerToolbar } from './ViewerToolbar';
import { PRESET_KEYS, useDisplay } from './useDisplay';
import { oneToOne } from './viewport';

interface ImageViewerProps {
  readonly dataset: Dataset;
  readonly pages: ImagePages & { version: number };
  readonly index: number;
  onIndexChange(index: number): void;
  onClose(): void;
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

  const display = useDisplay(pixels, detail?.metadata, dataset.settings.depth === 8);
  const { window: activeWindow, view, setView, choosePreset } = display;
  const [invert, setInvert] = useState(false);
  const [tool, setTool] = useState<Tool>('window');
  const [spaceHeld, setSpaceHeld] = useState(false);

  const current = pixels ? effectiveView(view, pixels, stageSize) : null;

  const go = (step: number) => {
    const next = stepIndex(index, step, total);
    if (next !== null) onIndexChange(next);
  };

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
        <PrevNext index={index} total={total} keys={['←', '→']} onStep={go} />
        <button type="button" className="viewer-close" onClick={onClose} title="Close (Esc)">
          Close
        </button>
      </header>
      <ViewerToolbar
        enabled={pixels !== undefined}
        display={display}
        invert={invert}
        tool={tool}
        zoomPercent={current ? Math.round(current.scale * 100) : null}
        onInvert={() => setInvert((v) => !v)}
        onTool={setTool}
        onOneToOne={() => current && setView(oneToOne(current, stageSize))}
      />
      <div className="viewer-body">
        <StageBox
          boxRef={stageRef}
          loading={loadingPixels}
          label="Image. Arrow keys: previous and next image; 1 to 4: window presets; I: invert; F: fit."
          error={pixelError}
          loadingText="Loading pixels…"
          image={
            pixels && activeWindow ? (
              <ViewerStage
                size={stageSize}
                pixels={pixels}
                window={activeWindow}
                invert={invert}
                view={view}
                tool={tool}
                spaceHeld={spaceHeld}
                label={label}
                onWindow={display.setWindow}
                onView={setView}
                onFit={() => setView('fit')}
              />
            ) : null
          }
        />
        {image && <MetadataPanel image={image} detail={shownId === image.id ? detail : undefined} error={shownId === image.id ? detailError : undefined} />}
      </div>
    </Modal>
  );
}
