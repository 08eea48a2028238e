import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { insideImage } from '../../../app/annotations/geometry';
import { createRunRow, listRuns, recordCheckpoint, runCheckpointDir, setRunStatus } from '../../../app/runs/store';
import { sha256File } from '../../../app/util/sha256-file';
import { disposeTrainState } from '../../../app/ssl/train/step';
import { importPhantoms } from '../../helpers/phantom-dataset';
import { TINY_ACE, tinyCheckpoint } from '../runs/tiny-checkpoint';
import { useBackend } from '../ssl/golden';
import { caller, useRuntimes } from './helpers';

const { start } = useRuntimes('cxr-model-suggest-');

beforeAll(() => useBackend('cpu'));

/**
 * annotations.suggest end to end: phantoms imported and annotated from their ground truth through the API, a run
 * with a real (tiny) checkpoint in the project's run folder as training writes it, and the suggestion computed by
 * the analysis worker from that checkpoint. Without the run, the atlas prior answers.
 */
describe('model suggestions through the API', () => {
  it('come from the project checkpoint once a run has one, from the atlas before', { timeout: 60_000 }, async () => {
    const { runtime, dir } = start({ sampleImages: 0 });
    const call = caller(runtime);
    const phantoms = await importPhantoms(runtime, dir, { count: 5, size: 128, longSide: 128 });
    const listed = await call('images.list', { datasetId: phantoms.datasetId, limit: 100 });
    const idOf = new Map(listed.items.map((i) => [i.fileName, i.id]));
    const [template] = await call('templates.list', { projectId: phantoms.projectId });
    expect(template!.points.map((p) => p.id)).toEqual(phantoms.manifest.landmarkNames);

    const [target, ...annotated] = phantoms.manifest.images;
    for (const img of annotated) {
      const changes = template!.points.map((p) => {
        const [x, y] = img.landmarks[p.id]!;
        return insideImage(x, y, img.width, img.height) ? { landmark: p.id, state: 'placed' as const, x, y } : { landmark: p.id, state: 'absent' as const };
      });
      await call('annotations.set', { imageId: idOf.get(img.file)!, templateId: template!.id, annotator: 'truth', changes });
    }
    const ask = { imageId: idOf.get(target!.file)!, templateId: template!.id };

    const atlas = await call('annotations.suggest', ask);
    expect(atlas).toMatchObject({ available: true, source: 'atlas', basedOnImages: 4 });
    expect(atlas.reason).toMatch(/atlas prior/);

    const db = runtime.store.db;
    const run = createRunRow(db, {
      projectId: phantoms.projectId,
      name: 'tiny ACE',
      method: 'ace',
      config: { ...TINY_ACE },
      seed: 11,
      datasetIds: [phantoms.datasetId],
      images: phantoms.manifest.images.length,
      dataHash: 'test',
      stepsTotal: 5,
      codeVersion: 'test',
      checkpointRoot: path.join(runtime.dataDir, 'runs'),
    });
    disposeTrainState(tinyCheckpoint(runCheckpointDir(db, run.id), 5));
    const file = path.join(runCheckpointDir(db, run.id), 'step-00000005.safetensors');
    recordCheckpoint(db, run.id, 5, file, sha256File(file));
    setRunStatus(db, run.id, 'finished');
    expect(listRuns(db, phantoms.projectId)[0]).toMatchObject({ id: run.id, checkpoints: 1 });

    const started = performance.now();
    const model = await call('annotations.suggest', ask);
    const ms = performance.now() - started;
    console.info(`model suggestion from a tiny ACE checkpoint (4 references, 128-px phantoms): ${ms.toFixed(0)} ms, reason: ${model.reason}`);
    expect(model).toMatchObject({ available: true, source: 'model', basedOnImages: 4 });
    expect(model.points.map((p) => p.landmark)).toEqual(template!.points.map((p) => p.id));
    for (const p of model.points) {
      expect(p.source).toBe('model');
      expect(insideImage(p.x, p.y, target!.width, target!.height), `${p.landmark} at (${p.x}, ${p.y})`).toBe(true);
      expect(p.confidence).toBeGreaterThanOrEqual(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
    }
  });
});
