import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageWorkStatus } from '../../../app/api/schemas/annotations';
import { useApi } from '../api/ApiContext';
import { errorMessage } from '../api/fieldErrors';
import { EMPTY_HISTORY, forget, record, redo as redoOf, undo as undoOf, type History } from './history';
import { applyChanges, changeOf, type ImageAnnotations, type LandmarkChange } from './landmarks';
import type { WriteQueue } from './useWriteQueue';

export interface Target {
  readonly imageId: number;
  readonly templateId: number;
  readonly annotator: string;
}

export interface ImageAnnotationsState {
  /** The image's points as on screen (changes show at once; the host's answer replaces them once all writes are done). */
  readonly data: ImageAnnotations | undefined;
  readonly loadError: string | undefined;
  readonly history: History;
  /** Applies changes now and saves them in one annotations.set; recorded for undo under `label`. */
  apply(changes: readonly LandmarkChange[], label: string): void;
  undo(): string | null;
  redo(): string | null;
  /** Sets the image's status (adding the active time); resolves when saved. */
  setStatus(status: ImageWorkStatus, addSeconds: number): Promise<void>;
}

let editIds = 0;

/**
 * One image's annotations for the session's template and annotator: loaded through the write queue (so it reflects
 * every earlier write), edited optimistically, saved at once. Undo history is kept per image for the whole session.
 */
export function useImageAnnotations(target: Target | undefined, queue: WriteQueue): ImageAnnotationsState {
  const api = useApi();
  const [data, setData] = useState<ImageAnnotations>();
  const [loadError, setLoadError] = useState<string>();
  const [history, setHistory] = useState<History>(EMPTY_HISTORY);
  const histories = useRef(new Map<number, History>());
  const pending = useRef(0);
  const live = useRef<{ key: string; data: ImageAnnotations | undefined; history: History }>({ key: '', data: undefined, history: EMPTY_HISTORY });
  const key = target ? `${target.imageId}/${target.templateId}/${target.annotator}` : '';
  live.current.key = key;

  const adopt = useCallback((forKey: string, next: ImageAnnotations) => {
    if (live.current.key !== forKey) return;
    live.current.data = next;
    setData(next);
  }, []);

  const keep = useCallback((imageId: number, next: History) => {
    histories.current.set(imageId, next);
    live.current.history = next;
    setHistory(next);
  }, []);

  useEffect(() => {
    if (!target) return;
    const forKey = key;
    setLoadError(undefined);
    live.current.data = undefined;
    setData(undefined);
    keep(target.imageId, histories.current.get(target.imageId) ?? EMPTY_HISTORY);
    queue
      .run(() => api.call('annotations.image', target), 'read')
      .then(
        (loaded) => adopt(forKey, loaded),
        (err: unknown) => {
          if (live.current.key === forKey) setLoadError(errorMessage(err));
        },
      );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one load per target
  }, [api, key]);

  const send = useCallback(
    (changes: readonly LandmarkChange[], onRefused: () => void) => {
      if (!target) return;
      const forKey = key;
      const current = live.current.data;
      if (current) {
        const next = { ...current, landmarks: applyChanges(current.landmarks, changes) };
        live.current.data = next;
        setData(next);
      }
      pending.current++;
      queue
        .run(() => api.call('annotations.set', { ...target, changes: changes.map((c) => ({ ...c })) }))
        .then(
          (saved) => {
            if (--pending.current === 0) adopt(forKey, saved);
          },
          () => {
            pending.current--;
            onRefused();
            // The host kept its state: show that, not what was refused.
            void queue.run(() => api.call('annotations.image', target), 'read').then((fresh) => adopt(forKey, fresh), () => undefined);
          },
        );
    },
    [api, key, queue, target, adopt],
  );

  const apply = useCallback(
    (changes: readonly LandmarkChange[], label: string) => {
      const current = live.current.data;
      if (!target || !current || changes.length === 0) return;
      const touched = new Set(changes.map((c) => c.landmark));
      const before = current.landmarks.filter((v) => touched.has(v.landmark)).map(changeOf);
      const after = applyChanges(current.landmarks, changes).filter((v) => touched.has(v.landmark)).map(changeOf);
      const edit = { id: ++editIds, label, before, after };
      const imageId = target.imageId;
      keep(imageId, record(live.current.history, edit));
      send(after, () => keep(imageId, forget(histories.current.get(imageId) ?? EMPTY_HISTORY, edit.id)));
    },
    [target, send, keep],
  );

  const step = useCallback(
    (which: 'undo' | 'redo'): string | null => {
      if (!target || !live.current.data) return null;
      const result = which === 'undo' ? undoOf(live.current.history) : redoOf(live.current.history);
      if (!result) return null;
      const imageId = target.imageId;
      keep(imageId, result.history);
      send(which === 'undo' ? result.edit.before : result.edit.after, () => keep(imageId, forget(histories.current.get(imageId) ?? EMPTY_HISTORY, result.edit.id)));
      return result.edit.label;
    },
    [target, send, keep],
  );

  const setStatus = useCallback(
    async (status: ImageWorkStatus, addSeconds: number) => {
      if (!target) return;
      const forKey = key;
      const info = await queue.run(() => api.call('annotations.setStatus', { ...target, status, addSeconds }));
      const current = live.current.data;
      if (current && live.current.key === forKey) adopt(forKey, { ...current, status: info });
    },
    [api, key, queue, target, adopt],
  );

  return { data, loadError, history, apply, undo: () => step('undo'), redo: () => step('redo'), setStatus };
}
