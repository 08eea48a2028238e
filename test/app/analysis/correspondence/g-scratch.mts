import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installWasmSlice } from '../../../../app/ssl/nn/wasm-slice';
import { train } from '../../../../app/ssl/train/loop';
import { disposeTrainState } from '../../../../app/ssl/train/step';
import { memorySource } from '../../../../app/ssl/data/source';
import { openExtractor } from '../../../../app/analysis/features/extractors';
import { createFeatureService } from '../../../../app/analysis/features/service';
import { correspondenceSettings, runCorrespondence, type CorrespondencePair } from '../../../../app/analysis/correspondence/runner';
import { evaluatePredictions, randomPredictions, unchangedPredictions, type TransferCase } from '../../../../app/analysis/correspondence/evaluate';
import { posedPhantoms } from './phantoms';

const env = (k: string, d: string) => process.env[k] ?? d;
const SIZE = Number(env('SIZE', '128'));
const NTRAIN = Number(env('NTRAIN', '32'));
const NEVAL = Number(env('NEVAL', '8'));
const STEPS = Number(env('STEPS', '60'));
const METHOD = env('METHOD', 'ace') as 'ace';
const DIM = Number(env('DIM', '48'));
const DEPTH = Number(env('DEPTH', '2'));
const HEADS = Number(env('HEADS', '3'));
const CELL = Number(env('CELL', '8'));
const CROP = Number(env('CROP', '8'));
const BATCH = Number(env('BATCH', '8'));
const MB = Number(env('MB', '4'));
const LR = Number(env('LR', '1e-3'));
const CKPT = env('CKPT', '/tmp/g-exp/ckpt');
const SEED = Number(env('SEED', '1'));

await tf.setBackend('wasm'); await tf.ready(); installWasmSlice();
const all = posedPhantoms(NTRAIN + NEVAL, SIZE, 7);
const trainSet = all.slice(0, NTRAIN);
const evalSet = all.slice(NTRAIN);
if (!fs.existsSync(CKPT + '/manifest.json')) {
  fs.mkdirSync(CKPT, { recursive: true });
  const planes = await Promise.all(trainSet.map((p) => p.image.load()));
  const t0 = performance.now();
  const res = await train({
    method: METHOD, imageSize: SIZE, cellSize: CELL, cropCells: CROP, embedDim: DIM, depth: DEPTH, numHeads: HEADS,
    dinoOutDim: Number(env('OUT', '256')), dinoHiddenDim: 64, dinoBottleneckDim: 32, projDim: 64, peacLocalDim: 32,
    batch: BATCH, microBatch: MB, epochs: Math.ceil(STEPS / Math.floor(NTRAIN / BATCH)), warmupEpochs: 1, maxSteps: STEPS,
    lr: (LR * 256) / BATCH, momentum: Number(env('MOM', '0.99')), teacherTemp: Number(env('TT', '0.04')), minLr: LR / 10, freezeLastLayerEpochs: 0, seed: SEED, gelu: 'tanh',
  }, { source: memorySource(planes), checkpointDir: CKPT, onStep: (m) => { if (m.step % 10 === 0 || m.step === 1) console.log(m.step, JSON.stringify(m.terms), m.msPerStep.toFixed(0) + 'ms'); } });
  disposeTrainState(res.state);
  console.log(`train ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const images = new Map(evalSet.map((p) => [p.name, p.image]));
const pairs: CorrespondencePair[] = evalSet.flatMap((q) => evalSet.filter((k) => k !== q).map((k) => ({ query: q.name, key: k.name, points: q.landmarks })));
const truth = new Map(evalSet.map((p) => [p.name, p.landmarks]));
const cases: TransferCase[] = pairs.map((p) => ({ ...p, queryWidth: SIZE, queryHeight: SIZE, keyWidth: SIZE, keyHeight: SIZE }));
const fmt = (e: { mean: number; median: number }) => `${e.mean.toFixed(1)}/${e.median.toFixed(1)}`;
console.log(`unchanged ${fmt(evaluatePredictions(unchangedPredictions(cases), truth).overall)} random-pos ${fmt(evaluatePredictions(randomPredictions(cases), truth).overall)}`);
const service = createFeatureService({});
const trained = await openExtractor({ kind: 'checkpoint', path: CKPT });
const student = await openExtractor({ kind: 'checkpoint', path: CKPT, weights: 'student' });
const rnd = await openExtractor({ kind: 'random', like: CKPT, seed: SEED });
const pix = await openExtractor({ kind: 'pixels', patch: CELL });
const variants = JSON.parse(env('VARIANTS', '[{"logBin":false,"fineStride":null},{"logBin":true,"fineStride":null},{"logBin":true},{"logBin":true,"facet":"key"},{"logBin":false,"facet":"key"}]'));
for (const v of variants) {
  const line: string[] = [];
  for (const [name, ex] of [['teacher', trained], ['student', student], ['random', rnd], ['pixels', pix]] as const) {
    const t0 = performance.now();
    const { snap, searchRadius, ...fv } = v;
    const s = correspondenceSettings(ex, { inputSize: SIZE, ...fv });
    // Nearest-token emulation: match from the nearest coarse token centre, then carry the point's offset from it.
    const st = s.coarse.stride, pt = ex.patchSize, sc = SIZE / s.coarse.inputSize;
    const snapP = (p: { x: number; y: number }) => { const c = Math.min(Math.max(Math.round((p.x / sc - pt / 2) / st), 0), (s.coarse.inputSize - pt) / st); const r = Math.min(Math.max(Math.round((p.y / sc - pt / 2) / st), 0), (s.coarse.inputSize - pt) / st); return { x: (c * st + pt / 2) * sc, y: (r * st + pt / 2) * sc }; };
    const usePairs = snap ? pairs.map((p) => ({ ...p, points: Object.fromEntries(Object.entries(p.points).map(([k, q]) => [k, snapP(q)])) })) : pairs;
    const raw = await runCorrespondence(service, ex, images, usePairs, s, { match: searchRadius ? { searchRadius } : {} });
    const pred = snap ? raw.map((r) => { const q = pairs.find((p) => p.query === r.query && p.key === r.key)!.points[r.landmark]!; const sq = snapP(q); return { ...r, x: r.x + q.x - sq.x, y: r.y + q.y - sq.y }; }) : raw;
    const ev = evaluatePredictions(pred, truth); if (process.env.PERLM && name === 'student') { for (const w of ev.worst.slice(0, 8)) console.log(w.landmark, w.error.toFixed(0), JSON.stringify(w.predicted), JSON.stringify(w.truth), JSON.stringify(truth.get(w.key))); } if (process.env.PERLM && name === 'student') console.log(Object.entries(ev.perLandmark).map(([k, e]) => `${k}:${e.mean.toFixed(0)}`).join(' '));
    line.push(`${name} ${fmt(ev.overall)} (${((performance.now() - t0) / 1000).toFixed(1)}s)`);
  }
  console.log(JSON.stringify(v), line.join('  '));
}
