import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Dataset } from '../../../app/api/contract';
import type { DatasetProgress, QueueItem, Template } from '../../../app/api/schemas/annotations';
import { useApi } from '../api/ApiContext';
import { errorMessage } from '../api/fieldErrors';
import { formatCount } from '../common/format';
import { isTyping } from '../common/keyboard';
import { Modal } from '../common/Modal';
import { useElementSize } from '../data/browse/useElementSize';
import { useDisplay } from '../data/viewer/useDisplay';
import { useImageDataById } from '../data/viewer/useImageData';
import { effectiveView, type Tool } from '../data/viewer/ViewerStage';
import { StageBox } from '../data/viewer/StageBox';
import { PrevNext } from '../data/viewer/PrevNext';
import { ViewerToolbar } from '../data/viewer/ViewerToolbar';
import { fitViewport, oneToOne, zoomAt } from '../data/viewer/viewport';
import { ActiveTimer } from './activeTime';
import { AnnotatorStage } from './AnnotatorStage';
import { centreOn, clampToImage, snapToPixel, type Frame, type Point } from './coords';
import { actionFor, type Action } from './keymap';
import { LandmarkList } from './LandmarkList';
import { allResolved, firstToPlace, ghostsFor, nextToPlace, stepLandmark, applyChanges, type LandmarkChange, type SuggestedPoint } from './landmarks';
import { ProgressPanel } from './ProgressPanel';
import { SaveIndicator } from './SaveIndicator';
import { ShortcutSheet } from './ShortcutSheet';
import { STATUS_TEXT } from './status';
import { suggestionNotice } from './suggestionNotice';
import { useImageAnnotations } from './useImageAnnotations';
import { useTimeReports } from './useTimeReports';
import { useWriteQueue } from './useWriteQueue';

interface AnnotatorViewProps {
  readonly dataset: Dataset;
  readonly template: Template;
  readonly annotator: string;
  /** The queue as it was when annotating started: next/previous walk this order even as statuses change. */
  readonly items: readonly QueueItem[];
  readonly startIndex: number;
  /** Called once every write has been saved. */
  onClose(): void;
}

/** How much "zoom around the current landmark" magnifies relative to fitting the image. */
const LANDMARK_ZOOM = 4;

function onControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a, summary, [role="button"]') !== null;
}

/**
 * The annotator: one image of the queue with the template's points. Every change is saved at once (one
 * annotations.set per change, in order); undo/redo send previous states back; time on the image is reported
 * periodically, when the page is hidden, when leaving the image and with its status.
 */
export function AnnotatorView({ dataset, template, annotator, items, startIndex, onClose }: AnnotatorViewProps) {
  const api = useApi();
  const titleId = useId();
  const [index, setIndex] = useState(startIndex);
  const item = items[index];
  const target = useMemo(() => (item ? { imageId: item.imageId, templateId: template.id, annotator } : undefined), [item, template.id, annotator]);
  const queue = useWriteQueue();
  const ann = useImageAnnotations(target, queue);
  const data = ann.data && ann.data.imageId === item?.imageId ? ann.data : undefined;
  const values = data?.landmarks;
  const { pixels, detail, pixelError, loadingPixels, id: pixelsId } = useImageDataById(item?.imageId);
  const shownPixels = pixelsId === item?.imageId ? pixels : undefined;
  const display = useDisplay(shownPixels, detail?.metadata, dataset.settings.depth === 8);
  const stageRef = useRef<HTMLDivElement>(null);
  const stageSize = useElementSize(stageRef);
  const [invert, setInvert] = useState(false);
  const [tool, setTool] = useState<Tool>('place');
  const [showLabels, setShowLabels] = useState(true);
  const [loupe, setLoupe] = useState(true);
  const [sheet, setSheet] = useState(false);
  const [notice, setNotice] = useState('');
  const [current, setCurrent] = useState(0);
  const [ghosts, setGhosts] = useState<{ imageId: number; points: readonly SuggestedPoint[] } | null>(null);
  const [progress, setProgress] = useState<DatasetProgress>();
  const [progressVersion, setProgressVersion] = useState(0);
  const timer = useRef(new ActiveTimer(Date.now()));

  useEffect(() => stageRef.current?.focus(), []);

  // A new image starts at its first unset landmark, with a fresh timer and no ghosts.
  const startedFor = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!data || startedFor.current === data.imageId) return;
    startedFor.current = data.imageId;
    setCurrent(firstToPlace(data.landmarks));
    timer.current = new ActiveTimer(Date.now());
  }, [data]);

  useEffect(() => {
    let live = true;
    api.call('annotations.queue', { datasetId: dataset.id, templateId: template.id, annotator, limit: 1 }).then(
      (q) => live && setProgress(q.progress),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, dataset.id, template.id, annotator, progressVersion]);

  // The image's status moves (first point placed, done, skipped): the dataset progress follows.
  const imageStatus = data?.status.status;
  useEffect(() => {
    if (imageStatus) setProgressVersion((n) => n + 1);
  }, [imageStatus]);

  const frame: Frame | undefined =
    shownPixels && item ? { original: { width: item.width, height: item.height }, cache: { width: shownPixels.width, height: shownPixels.height } } : undefined;
  const view = shownPixels ? effectiveView(display.view, shownPixels, stageSize) : null;
  const visibleGhosts = ghosts && values && ghosts.imageId === item?.imageId ? ghostsFor(values, ghosts.points) : [];
  const point = template.points[current];
  const value = values?.[current];

  /** Merely looking at an image records nothing; once it has seen work, its time is recorded. */
  const worked = data !== undefined && (data.status.status !== 'not_started' || data.landmarks.some((v) => v.state !== 'unset'));

  /** Hands the time counted so far to the host; the image keeps its status (a not-started one becomes "in progress"). */
  const reportTime = () => {
    if (!target || !worked) return;
    const seconds = timer.current.take(Date.now());
    if (seconds > 0) void queue.run(() => api.call('annotations.setStatus', { ...target, addSeconds: seconds })).catch(() => undefined);
  };
  useTimeReports(timer, reportTime);

  /** Leaving the image: its time is reported, or dropped if it saw no work. */
  const leave = () => {
    reportTime();
    timer.current.take(Date.now());
  };

  const goTo = (next: number) => {
    if (next < 0 || next >= items.length || next === index) {
      setNotice(next >= items.length ? 'That was the last image of this queue. Esc returns to the queue.' : 'This is the first image of the queue.');
      return;
    }
    leave();
    setGhosts(null);
    setNotice('');
    setIndex(next);
    setProgressVersion((n) => n + 1);
  };

  const close = () => {
    leave();
    void queue.idle().then(onClose);
  };

  const change = (changes: LandmarkChange[], label: string) => {
    ann.apply(changes, label);
    setNotice(label);
  };

  const lockedNotice = () => setNotice(`${point?.name ?? 'This point'} is locked: unlock it with L first.`);

  const place = (p: Point) => {
    if (!values || !point || !value || !frame) return;
    if (value.locked) return lockedNotice();
    const at = snapToPixel(p, frame.original);
    const changes: LandmarkChange[] = [{ landmark: point.id, state: 'placed', x: at.x, y: at.y }];
    change(changes, `Placed ${point.name} at ${at.x}, ${at.y}`);
    setCurrent(nextToPlace(applyChanges(values, changes), current));
  };

  const move = (i: number, p: Point) => {
    const v = values?.[i];
    const tp = template.points[i];
    if (!v || !tp || !frame || v.locked) return;
    const at = snapToPixel(p, frame.original);
    change([{ landmark: tp.id, state: 'placed', x: at.x, y: at.y }], `Moved ${tp.name} to ${at.x}, ${at.y}`);
    setCurrent(i);
  };

  const accept = (list: readonly { ghost: SuggestedPoint; at: Point }[]) => {
    if (!values || !frame || list.length === 0) return;
    const changes: LandmarkChange[] = list.map(({ ghost, at }) => ({
      landmark: ghost.landmark,
      state: 'placed',
      x: at.x,
      y: at.y,
      suggestion: { x: ghost.x, y: ghost.y, confidence: ghost.confidence, source: ghost.source },
    }));
    const name = template.points.find((p) => p.id === list[0]!.ghost.landmark)?.name ?? list[0]!.ghost.landmark;
    change(changes, list.length === 1 ? `Accepted the suggestion for ${name}` : `Accepted ${list.length} suggestions`);
    const after = applyChanges(values, changes);
    if (after[current]?.state !== 'unset') setCurrent(nextToPlace(after, current));
  };

  const acceptGhost = (ghost: SuggestedPoint, p: Point) => {
    if (!frame) return;
    const exact = p === ghost;
    accept([{ ghost, at: exact ? clampToImage(ghost, frame.original) : snapToPixel(p, frame.original) }]);
  };

  const suggest = async () => {
    if (!item || !values) return;
    setNotice('Asking for suggestions…');
    try {
      const s = await api.call('annotations.suggest', { imageId: item.imageId, templateId: template.id });
      if (s.available && s.points.length > 0) setGhosts({ imageId: item.imageId, points: s.points });
      setNotice(suggestionNotice(s, ghostsFor(values, s.points).length));
    } catch (err) {
      setNotice(`Suggestions failed: ${errorMessage(err)}`);
    }
  };

  const setStatus = async (status: 'done' | 'skipped') => {
    const seconds = timer.current.take(Date.now());
    try {
      await ann.setStatus(status, seconds);
      setProgressVersion((n) => n + 1);
      if (index + 1 < items.length) {
        setGhosts(null);
        setNotice(`Marked ${item?.fileName ?? 'the image'} ${status === 'done' ? 'done' : 'skipped'}.`);
        setIndex(index + 1);
      } else setNotice(`Marked ${status === 'done' ? 'done' : 'skipped'}. That was the last image of this queue.`);
    } catch {
      // The save indicator shows the host's message.
    }
  };

  const zoomLandmark = () => {
    if (!frame || !view || !shownPixels) return;
    const fit = fitViewport(shownPixels, stageSize).scale;
    const ghost = visibleGhosts.find((g) => g.landmark === point?.id);
    const at = value?.state === 'placed' && value.x !== null && value.y !== null ? { x: value.x, y: value.y } : ghost ?? null;
    const scale = view.scale >= fit * LANDMARK_ZOOM * 0.99 ? view.scale * 2 : fit * LANDMARK_ZOOM;
    const centre = at ?? { x: frame.original.width / 2, y: frame.original.height / 2 };
    display.setView(centreOn(centre, frame, stageSize, scale));
  };

  const run = (action: Action) => {
    timer.current.touch(Date.now());
    if (action.type === 'help') return setSheet((s) => !s);
    if (!values || !point || !value) return;
    switch (action.type) {
      case 'skip':
        return setCurrent(nextToPlace(values, current));
      case 'previousLandmark':
        return setCurrent(stepLandmark(current, -1, values.length));
      case 'nextLandmark':
        return setCurrent(stepLandmark(current, 1, values.length));
      case 'clear':
        if (value.locked) return lockedNotice();
        if (value.state !== 'unset') change([{ landmark: point.id, state: 'unset' }], `Cleared ${point.name}`);
        return;
      case 'absent': {
        if (value.locked) return lockedNotice();
        if (value.state === 'absent') return change([{ landmark: point.id, state: 'unset' }], `${point.name} is no longer absent`);
        const changes: LandmarkChange[] = [{ landmark: point.id, state: 'absent' }];
        change(changes, `Marked ${point.name} absent`);
        return setCurrent(nextToPlace(applyChanges(values, changes), current));
      }
      case 'lock':
        if (value.state === 'unset') return setNotice(`Place ${point.name} or mark it absent before locking it.`);
        return change(
          [{ landmark: point.id, state: value.state, x: value.x, y: value.y, locked: !value.locked }],
          `${value.locked ? 'Unlocked' : 'Locked'} ${point.name}`,
        );
      case 'nudge':
        if (value.state !== 'placed' || value.x === null || value.y === null || !frame) return;
        if (value.locked) return lockedNotice();
        return move(current, { x: value.x + action.dx, y: value.y + action.dy });
      case 'undo':
      case 'redo': {
        const label = action.type === 'undo' ? ann.undo() : ann.redo();
        return setNotice(label ? `${action.type === 'undo' ? 'Undid' : 'Redid'}: ${label}` : `Nothing to ${action.type}.`);
      }
      case 'nextImage':
        return goTo(index + 1);
      case 'previousImage':
        return goTo(index - 1);
      case 'enter':
        if (visibleGhosts.length > 0 && frame) return accept(visibleGhosts.map((g) => ({ ghost: g, at: clampToImage(g, frame.original) })));
        if (allResolved(values)) return void setStatus('done');
        return setNotice(
          `${values.filter((v) => v.state === 'unset').length} landmarks are neither placed nor absent. Place them, mark them absent (A), or press D to mark the image done anyway.`,
        );
      case 'done':
        return void setStatus('done');
      case 'skipImage':
        return void setStatus('skipped');
      case 'suggest':
        return void suggest();
      case 'fit':
        return display.setView('fit');
      case 'oneToOne':
        return view && display.setView(oneToOne(view, stageSize));
      case 'zoomLandmark':
        return zoomLandmark();
      case 'zoomIn':
      case 'zoomOut':
        return view && display.setView(zoomAt(view, action.type === 'zoomIn' ? 1.25 : 0.8, stageSize.width / 2, stageSize.height / 2));
      case 'invert':
        return setInvert((v) => !v);
      case 'preset':
        return display.choosePreset(action.preset);
      case 'labels':
        return setShowLabels((v) => !v);
      case 'loupe':
        return setLoupe((v) => !v);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDialogElement>) => {
    if (isTyping(e.target) || e.key === 'Escape') return;
    const action = actionFor(e, onControl(e.target));
    if (!action) return;
    e.preventDefault();
    run(action);
  };

  const onEscape = () => {
    if (sheet) setSheet(false);
    else if (visibleGhosts.length > 0) {
      setGhosts(null);
      setNotice('Suggestions dismissed.');
    } else close();
  };

  const focusStage = () => stageRef.current?.focus();
  const status = data?.status;
  const label = item ? `${item.fileName}, image ${formatCount(index + 1)} of ${formatCount(items.length)}` : 'No image';
  const stagePoints = values ? template.points.map((p, i) => ({ point: p, value: values[i]! })) : [];

  return (
    <Modal labelledBy={titleId} className="viewer annotator" onClose={onEscape} onKeyDown={onKeyDown}>
      <header className="viewer-header">
        <h2 id={titleId} className="viewer-title">
          {item?.fileName ?? 'No image'}
        </h2>
        <span className="viewer-position" data-testid="annotator-position">
          {formatCount(index + 1)} / {formatCount(items.length)}
        </span>
        {status && (
          <span className={`status-badge status-${status.status}`} data-testid="image-status">
            {STATUS_TEXT[status.status]}
          </span>
        )}
        <SaveIndicator state={queue.state} />
        <div className="tool-group header-actions" role="group" aria-label="Edit">
          <button type="button" onClick={() => void suggest()} disabled={!data} title="Suggest positions for the unset landmarks (G)">
            Suggest
          </button>
          <button type="button" onClick={() => run({ type: 'undo' })} disabled={ann.history.done.length === 0} title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button type="button" onClick={() => run({ type: 'redo' })} disabled={ann.history.undone.length === 0} title="Redo (Ctrl+Shift+Z)">
            Redo
          </button>
          <button type="button" aria-pressed={sheet} onClick={() => setSheet((s) => !s)} title="Keyboard shortcuts (?)">
            ?
          </button>
        </div>
        <PrevNext index={index} total={items.length} keys={['P, PageUp', 'N, PageDown']} onStep={(step) => run({ type: step < 0 ? 'previousImage' : 'nextImage' })} />
        <div className="tool-group" role="group" aria-label="Status">
          <button type="button" onClick={() => run({ type: 'skipImage' })} disabled={!data} title="Skip this image (S)">
            Skip
          </button>
          <button type="button" className="done-button" onClick={() => run({ type: 'done' })} disabled={!data} title="Mark done and go on (Enter when all landmarks are resolved, or D)">
            Done
          </button>
        </div>
        <button type="button" className="viewer-close" onClick={close} title="Back to the queue (Esc)">
          Close
        </button>
      </header>
      <ViewerToolbar
        enabled={shownPixels !== undefined}
        display={display}
        invert={invert}
        tool={tool}
        tools={['place', 'window', 'pan']}
        zoomPercent={view ? Math.round(view.scale * 100) : null}
        oneToOneKey="0"
        onInvert={() => setInvert((v) => !v)}
        onTool={setTool}
        onOneToOne={() => run({ type: 'oneToOne' })}
      >
        <div className="tool-group" role="group" aria-label="Annotation tools">
          <button type="button" onClick={() => run({ type: 'zoomLandmark' })} disabled={!shownPixels} title="Zoom around the current landmark (Z)">
            Zoom to point
          </button>
          <button type="button" aria-pressed={showLabels} onClick={() => setShowLabels((v) => !v)} title="Show landmark names (T)">
            Labels
          </button>
          <button type="button" aria-pressed={loupe} onClick={() => setLoupe((v) => !v)} title="Magnifier next to the pointer (M)">
            Loupe
          </button>
        </div>
      </ViewerToolbar>
      <div className="viewer-body annotator-body">
        <StageBox
          boxRef={stageRef}
          loading={loadingPixels}
          label="Image. Click places the current landmark; ? lists the keyboard shortcuts."
          error={pixelError ?? ann.loadError}
          loadingText="Loading…"
          aria-describedby={`${titleId}-current`}
          data-ready-file={values && shownPixels && item ? item.fileName : undefined}
          image={
            shownPixels && frame && view && display.window ? (
              <AnnotatorStage
                picture={{ pixels: shownPixels, window: display.window, invert, view, size: stageSize }}
                frame={frame}
                tool={tool}
                points={stagePoints}
                current={current}
                ghosts={visibleGhosts}
                showLabels={showLabels}
                loupe={loupe}
                label={label}
                onPlace={(p) => {
                  timer.current.touch(Date.now());
                  place(p);
                }}
                onMove={(i, p) => {
                  timer.current.touch(Date.now());
                  move(i, p);
                }}
                onSelect={setCurrent}
                onAcceptGhost={(g, p) => {
                  timer.current.touch(Date.now());
                  acceptGhost(g, p);
                }}
                onWindow={display.setWindow}
                onView={display.setView}
                onFit={() => display.setView('fit')}
              />
            ) : null
          }
        >
          {point && value && (
            <div className="current-landmark" id={`${titleId}-current`} data-testid="current-landmark" data-landmark={point.id}>
              <span className="swatch" style={{ background: point.colour }} aria-hidden="true" />
              <strong>{point.name}</strong>
              <span className="muted">
                {current + 1} / {template.points.length} · {value.state}
                {value.locked ? ' · locked' : ''}
              </span>
            </div>
          )}
          {sheet && <ShortcutSheet onClose={() => setSheet(false)} />}
        </StageBox>
        <aside className="viewer-meta annotator-side" aria-label="Annotation">
          {values && (
            <LandmarkList
              points={template.points}
              values={values}
              current={current}
              ghosted={new Set(visibleGhosts.map((g) => g.landmark))}
              onSelect={(i) => {
                setCurrent(i);
                focusStage();
              }}
            />
          )}
          <p className="annotator-notice" role="status" aria-live="polite" data-testid="annotator-notice">
            {notice}
          </p>
          {status && status.warnings.length > 0 && (
            <ul className="status-warnings">
              {status.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <h3>Progress</h3>
          <ProgressPanel progress={progress} compact />
          <p className="muted annotator-who">
            {template.name} · {annotator}
          </p>
        </aside>
      </div>
    </Modal>
  );
}
