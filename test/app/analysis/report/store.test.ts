import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportMetrics, ReportSettings } from '../../../../app/analysis/report/metrics';
import { listReports, saveReport } from '../../../../app/analysis/report/store';
import { openStore } from '../../../../app/store/database';
import { useTempDir } from '../../../helpers/temp-dir';

const tempDir = useTempDir('cxr-report-store-');

const settings: ReportSettings = {
  seed: 0,
  feature: { layer: -1, facet: 'token', inputSize: 224, stride: 16, logBin: false },
  compositionalityPatches: 2,
  patchSide: [0.25, 0.5],
  batchSize: 32,
  batches: 1,
  cropArea: [0.3, 0.6],
  images: 40,
};

const metrics: ReportMetrics = {
  compositionality: { mean: 0.9, std: 0.05, kde: { x: [0, 1], y: [0.1, 2] }, values: [0.85, 0.95] },
  decompositionalityAccuracy: 0.5,
  retrievalTop1: 0.75,
  queries: 32,
  landmarks: null,
  timingsMs: { compositionality: 10, retrieval: 20, decompositionality: 5, landmarks: 0 },
};

function setUp() {
  const store = openStore(path.join(tempDir(), 'db.sqlite'));
  const db = store.db;
  const project = Number(db.prepare("INSERT INTO projects (name) VALUES ('p')").run().lastInsertRowid);
  const other = Number(db.prepare("INSERT INTO projects (name) VALUES ('q')").run().lastInsertRowid);
  const run = Number(
    db.prepare("INSERT INTO runs (project_id, name, method, config_json, status, code_version, seed) VALUES (?, 'r', 'ace', '{}', 'finished', 'test', 0)").run(project).lastInsertRowid,
  );
  return { store, db, project, other, run };
}

describe('model report store', () => {
  it('round-trips checkpoint and baseline reports, newest first, with settings and metrics intact', () => {
    const { store, db, project, run } = setUp();
    const checkpoint = saveReport(db, {
      projectId: project,
      runId: run,
      extractorKind: 'checkpoint',
      extractorLabel: 'run 1 · step 150 (teacher)',
      extractorId: 'ck:abc',
      settings: { ...settings, datasetId: 3 },
      metrics,
    });
    const landmarks = { meanPx: 60, medianPx: 50, pck25: 0.1, pck50: 0.4, pck100: 0.8, pairs: 20 };
    const pixels = saveReport(db, { projectId: project, runId: null, extractorKind: 'pixels', extractorLabel: 'raw pixels', extractorId: 'pixels:16', settings, metrics: { ...metrics, landmarks } });
    expect(checkpoint).toMatchObject({ projectId: project, runId: run, extractorKind: 'checkpoint', settings: { ...settings, datasetId: 3 }, metrics });
    expect(checkpoint.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(listReports(db, project)).toEqual([pixels, checkpoint]);
    db.prepare('DELETE FROM runs WHERE id = ?').run(run);
    expect(listReports(db, project).map((r) => r.extractorKind)).toEqual(['pixels']);
    store.close();
  });

  it('refuses what is not a valid report, naming the problem', () => {
    const { store, db, project, other, run } = setUp();
    const base = { projectId: project, runId: null, extractorKind: 'random' as const, extractorLabel: 'random ViT-T/16', extractorId: 'random:0', settings, metrics };
    expect(() => saveReport(db, { ...base, runId: run })).toThrow(/random baseline report belongs to no run/);
    expect(() => saveReport(db, { ...base, projectId: 999 })).toThrow(/Project 999 does not exist/);
    expect(() => saveReport(db, { ...base, extractorKind: 'checkpoint', projectId: other, runId: run })).toThrow(/belongs to another project/);
    expect(() => saveReport(db, { ...base, metrics: { ...metrics, retrievalTop1: 1.5 } })).toThrow(/metrics\.retrievalTop1/);
    expect(listReports(db, project)).toEqual([]);
    store.close();
  });

  it('reports a malformed stored row instead of handing it on', () => {
    const { store, db, project } = setUp();
    db.prepare("INSERT INTO model_reports (project_id, extractor_kind, extractor_label, extractor_id, settings_json, metrics_json) VALUES (?, 'pixels', 'x', 'y', '{}', '{}')").run(project);
    expect(() => listReports(db, project)).toThrow(/Model report \d+ in the database is malformed/);
    store.close();
  });
});
